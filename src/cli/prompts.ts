import { EXIT, ExitError } from './exit-error.js';

/*
 * The questions the CLI asks, independent of how they are asked: @clack/prompts on a
 * terminal, a line reader when stdin is piped, or the defaults alone with `--yes`.
 * Every question names the flag that answers it, for messages that tell a script what to pass.
 */

interface Question {
  readonly message: string;
  /** The command-line flag that answers this question instead. */
  readonly flag: string;
}

export interface TextQuestion extends Question {
  /** Used for an empty answer; absent means an answer is required. */
  readonly default?: string | undefined;
  /** A whitespace-only answer stands for the empty string (e.g. "blank for none"). */
  readonly allowBlank?: boolean | undefined;
  /** Returns what is wrong with an answer, or undefined when it is acceptable. */
  readonly validate?: ((value: string) => string | undefined) | undefined;
}

export interface ConfirmQuestion extends Question {
  readonly default: boolean;
}

export interface SelectQuestion<T extends string> extends Question {
  readonly choices: readonly T[];
  readonly default: T;
}

export interface SecretQuestion extends Question {
  /** Ask twice and require both answers to match. */
  readonly confirm: boolean;
  /** An empty answer is acceptable (and is the default). */
  readonly allowEmpty: boolean;
  readonly validate?: ((value: string) => string | undefined) | undefined;
}

/** Asks questions in order; answers are already validated. */
export interface Prompter {
  text(question: TextQuestion): Promise<string>;
  confirm(question: ConfirmQuestion): Promise<boolean>;
  select<T extends string>(question: SelectQuestion<T>): Promise<T>;
  /** Hidden input. */
  secret(question: SecretQuestion): Promise<string>;
  /** Releases stdin so the process can exit. */
  close(): void;
}

/** The message when two hidden answers differ (click's wording). */
export const MISMATCH = 'The two entered values do not match.';

/** A text answer after the blank rule; the default replaces an empty answer. */
export function resolveText(question: TextQuestion, raw: string): string | undefined {
  if (raw === '') return question.default;
  if (raw.trim() === '') return question.allowBlank === true ? '' : question.default;
  return raw.trim();
}

/** What is wrong with a text answer (undefined = no answer and no default), or undefined. */
export function textProblem(question: TextQuestion, value: string | undefined): string | undefined {
  if (value === undefined) return 'an answer is required';
  return question.validate?.(value);
}

const YES: ReadonlySet<string> = new Set(['y', 'yes', 'true', '1']);
const NO: ReadonlySet<string> = new Set(['n', 'no', 'false', '0']);

/** Reads a yes/no answer; undefined when it is neither. */
export function parseYesNo(raw: string): boolean | undefined {
  const word = raw.trim().toLowerCase();
  if (YES.has(word)) return true;
  if (NO.has(word)) return false;
  return undefined;
}

/** The answer a question gets when nobody is asked (`--yes`), or a usage error naming its flag. */
export function defaultAnswerOrFail(question: TextQuestion): string {
  if (question.default === undefined) {
    throw new ExitError(EXIT.usage, `regstack: ${question.flag} is required with --yes`);
  }
  return question.default;
}

/** Ends the command when the user cancels (Ctrl-C, Escape). */
export function aborted(): ExitError {
  return new ExitError(EXIT.failure, 'regstack: aborted; nothing written.');
}

export interface OpenPrompterOptions {
  /** Take every default without asking (`--yes`). */
  readonly yes: boolean;
  readonly stdin?: NodeJS.ReadStream | undefined;
  readonly stdout?: NodeJS.WriteStream | undefined;
  readonly stderr?: NodeJS.WriteStream | undefined;
}

/**
 * Picks how to ask: `--yes` asks nothing; a terminal on stdin gets @clack/prompts (drawn on
 * stdout, or on stderr when stdout is redirected); piped stdin gets the line reader, which
 * asks the same questions in the same order (an empty line takes the default).
 */
export async function openPrompter(options: OpenPrompterOptions): Promise<Prompter> {
  const stdin = options.stdin ?? process.stdin;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  if (options.yes) {
    const { createDefaultsPrompter } = await import('./defaults-prompter.js');
    return createDefaultsPrompter();
  }
  if (stdin.isTTY === true) {
    const { createClackPrompter } = await import('./clack-prompter.js');
    return createClackPrompter({
      input: stdin,
      output: stdout.isTTY === true || stderr.isTTY !== true ? stdout : stderr,
    });
  }
  const { createLinePrompter } = await import('./line-prompter.js');
  return createLinePrompter({ input: stdin, output: stdout });
}
