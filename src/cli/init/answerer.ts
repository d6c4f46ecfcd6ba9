import type { z } from 'zod';
import { EXIT, ExitError } from '../exit-error.js';
import type {
  ConfirmQuestion,
  Prompter,
  SecretQuestion,
  SelectQuestion,
  TextQuestion,
} from '../prompts.js';

/**
 * Every init prompt has a flag (TS-CONTRACT §16): a given flag answers its prompt, which is
 * then not asked, and is held to the same rules; a bad flag value is a usage error.
 */
export interface Answerer {
  text(flagValue: string | undefined, question: TextQuestion): Promise<string>;
  yesNo(flagValue: boolean | undefined, question: ConfirmQuestion): Promise<boolean>;
  /** Commander has already checked a flag value against the choices. */
  select<T extends string>(flagValue: T | undefined, question: SelectQuestion<T>): Promise<T>;
  secret(flagValue: string | undefined, question: SecretQuestion): Promise<string>;
}

function usage(flag: string, problem: string): ExitError {
  return new ExitError(EXIT.usage, `regstack: ${flag}: ${problem}`);
}

export function createAnswerer(prompter: Prompter): Answerer {
  return {
    async text(flagValue, question) {
      if (flagValue === undefined) return prompter.text(question);
      const value = flagValue.trim();
      const problem =
        value === '' && question.allowBlank !== true
          ? 'must not be empty'
          : question.validate?.(value);
      if (problem !== undefined) throw usage(question.flag, problem);
      return value;
    },
    async yesNo(flagValue, question) {
      return flagValue ?? prompter.confirm(question);
    },
    async select(flagValue, question) {
      return flagValue ?? prompter.select(question);
    },
    async secret(flagValue, question) {
      if (flagValue === undefined) return prompter.secret(question);
      // Secrets are taken as given (not trimmed); the secrets file quotes edge spaces.
      if (flagValue === '' && !question.allowEmpty) throw usage(question.flag, 'must not be empty');
      const problem = singleLine(flagValue) ?? question.validate?.(flagValue);
      if (problem !== undefined) throw usage(question.flag, problem);
      return flagValue;
    },
  };
}

/** The config schema's own message for a value, so init accepts exactly what loading accepts. */
export function schemaProblem(
  schema: z.ZodType<unknown, unknown>,
  value: string,
): string | undefined {
  const result = schema.safeParse(value);
  return result.success ? undefined : (result.error.issues[0]?.message ?? 'is not valid');
}

export function nonEmpty(value: string): string | undefined {
  return value.trim() === '' ? 'must not be empty' : undefined;
}

/** A secrets-file value must fit on one line. */
export function singleLine(value: string): string | undefined {
  return /[\r\n]/.test(value) ? 'must be a single line' : undefined;
}
