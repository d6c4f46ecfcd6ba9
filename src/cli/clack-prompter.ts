import type { Readable, Writable } from 'node:stream';
import { confirm, isCancel, password, select, text } from '@clack/prompts';
import {
  aborted,
  MISMATCH,
  type Prompter,
  resolveText,
  type TextQuestion,
  textProblem,
} from './prompts.js';

export interface ClackPrompterOptions {
  readonly input: Readable;
  readonly output: Writable;
}

function answered<T>(value: T): Exclude<T, symbol> {
  if (isCancel(value) || typeof value === 'symbol') throw aborted();
  return value as Exclude<T, symbol>;
}

/** On a terminal an erased blankable answer is blank; otherwise the line reader's rule applies. */
function resolve(question: TextQuestion, raw: string): string | undefined {
  return question.allowBlank === true ? raw.trim() : resolveText(question, raw);
}

/** A terminal: @clack/prompts, re-asking until an answer is acceptable. */
export function createClackPrompter(options: ClackPrompterOptions): Prompter {
  const io = { input: options.input, output: options.output };
  return {
    async text(question: TextQuestion) {
      const shown = question.default ?? '';
      const raw = await text({
        ...io,
        message: question.message,
        // A blankable answer starts filled in, so it can be erased; others show a placeholder.
        ...(question.allowBlank === true
          ? { initialValue: shown, defaultValue: '' }
          : { placeholder: shown, defaultValue: shown }),
        validate: (value) => textProblem(question, resolve(question, value ?? '')),
      });
      return resolve(question, answered(raw)) ?? '';
    },
    async confirm(question) {
      return answered(
        await confirm({ ...io, message: question.message, initialValue: question.default }),
      );
    },
    async select(question) {
      const picked = answered(
        await select<string>({
          ...io,
          message: question.message,
          options: question.choices.map((value) => ({ value, label: value })),
          initialValue: question.default,
        }),
      );
      return question.choices.find((choice) => choice === picked) ?? question.default;
    },
    async secret(question) {
      for (;;) {
        // Clack hands back undefined for an empty submission.
        const first: string =
          answered(
            await password({
              ...io,
              message: question.message,
              validate: (value) => {
                const entered = value ?? '';
                if (entered === '')
                  return question.allowEmpty ? undefined : 'an answer is required';
                return question.validate?.(entered);
              },
            }),
          ) ?? '';
        if (!question.confirm) return first;
        const second =
          answered(await password({ ...io, message: 'Repeat for confirmation' })) ?? '';
        if (second === first) return first;
        options.output.write(`${MISMATCH}\n`);
      }
    },
    close() {},
  };
}
