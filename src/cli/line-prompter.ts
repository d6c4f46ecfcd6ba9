import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { EXIT, ExitError } from './exit-error.js';
import {
  MISMATCH,
  type Prompter,
  parseYesNo,
  resolveText,
  type TextQuestion,
  textProblem,
} from './prompts.js';

export interface LinePrompterOptions {
  readonly input: Readable;
  readonly output: Writable;
}

/*
 * Piped stdin: each question is printed as `? <message> [<default>]: ` and answered by one
 * line; an empty line, or the end of input, takes the default. The input is not a person
 * who can retry, so an unacceptable answer ends the command with a usage error instead of
 * asking again (which would shift every later answer by one line).
 */
export function createLinePrompter(options: LinePrompterOptions): Prompter {
  const { input, output } = options;
  let reader: Interface | undefined;
  let lines: AsyncIterator<string> | undefined;
  let ended = false;

  async function readLine(): Promise<string | undefined> {
    if (ended) return undefined;
    if (lines === undefined) {
      reader = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY, terminal: false });
      lines = reader[Symbol.asyncIterator]();
    }
    const next = await lines.next();
    if (next.done === true) {
      ended = true;
      return undefined;
    }
    return next.value;
  }

  async function ask(prompt: string): Promise<string | undefined> {
    output.write(`? ${prompt}: `);
    const line = await readLine();
    // Piped input is not echoed; end the prompt's line so the transcript stays readable.
    output.write('\n');
    return line;
  }

  function fail(message: string, problem: string): never {
    throw new ExitError(EXIT.usage, `regstack: ${message}: ${problem}`);
  }

  function withDefault(message: string, shown: string | undefined): string {
    return shown === undefined || shown === '' ? message : `${message} [${shown}]`;
  }

  return {
    async text(question: TextQuestion) {
      const raw = (await ask(withDefault(question.message, question.default))) ?? '';
      const value = resolveText(question, raw);
      if (value === undefined) {
        fail(question.message, `an answer is required (or pass ${question.flag})`);
      }
      const problem = textProblem(question, value);
      if (problem !== undefined) fail(question.message, problem);
      return value;
    },
    async confirm(question) {
      const raw = (await ask(`${question.message} [${question.default ? 'Y/n' : 'y/N'}]`)) ?? '';
      if (raw.trim() === '') return question.default;
      const answer = parseYesNo(raw);
      if (answer === undefined) fail(question.message, 'answer y or n');
      return answer;
    },
    async select(question) {
      const prompt = `${question.message} (${question.choices.join(', ')}) [${question.default}]`;
      const raw = ((await ask(prompt)) ?? '').trim();
      if (raw === '') return question.default;
      const choice = question.choices.find((c) => c === raw.toLowerCase());
      if (choice === undefined)
        fail(question.message, `choose one of ${question.choices.join(', ')}`);
      return choice;
    },
    async secret(question) {
      const first = (await ask(question.message)) ?? '';
      if (first === '' && !question.allowEmpty) {
        fail(question.message, `an answer is required (or pass ${question.flag})`);
      }
      const problem = first === '' ? undefined : question.validate?.(first);
      if (problem !== undefined) fail(question.message, problem);
      if (question.confirm) {
        const second = (await ask('Repeat for confirmation')) ?? '';
        if (second !== first) throw new ExitError(EXIT.usage, `regstack: ${MISMATCH}`);
      }
      return first;
    },
    close() {
      reader?.close();
      input.pause();
    },
  };
}
