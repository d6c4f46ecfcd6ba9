import { z } from 'zod';

const MASK = '**********';
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * A configuration value that must not reach logs: its string, JSON and `util.inspect`
 * forms print a mask, and only `reveal()` gives the value back.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The wrapped value. Call it only where the value is used, never to print it. */
  reveal(): string {
    return this.#value;
  }

  /** True when the wrapped value is the empty string. */
  isEmpty(): boolean {
    return this.#value === '';
  }

  toString(): string {
    return this.#value === '' ? '' : MASK;
  }

  toJSON(): string {
    return this.toString();
  }
}

// util.inspect (console.log, logger dumps) prints the mask too. Defined on the prototype
// rather than as a computed class member, which declaration emit cannot describe.
Object.defineProperty(Secret.prototype, INSPECT, {
  value(this: Secret): string {
    return this.toString();
  },
});

/** A zod schema turning a string (or an existing `Secret`) into a `Secret`. */
export function secretSchema(): z.ZodType<Secret, unknown> {
  return z.preprocess(
    (value) => (typeof value === 'string' ? new Secret(value) : value),
    // The message names the expected type only: a secret's value never reaches an error.
    z.instanceof(Secret, { error: 'must be a string' }),
  );
}
