import { EXIT, ExitError } from './exit-error.js';
import { defaultAnswerOrFail, type Prompter } from './prompts.js';

/** `--yes`: every question takes its default; one without a default is a usage error. */
export function createDefaultsPrompter(): Prompter {
  return {
    async text(question) {
      const value = defaultAnswerOrFail(question);
      const problem = question.validate?.(value);
      if (problem !== undefined) {
        throw new ExitError(EXIT.usage, `regstack: ${question.flag} is required with --yes`);
      }
      return value;
    },
    async confirm(question) {
      return question.default;
    },
    async select(question) {
      return question.default;
    },
    async secret(question) {
      if (question.allowEmpty) return '';
      throw new ExitError(EXIT.usage, `regstack: ${question.flag} is required with --yes`);
    },
    close() {},
  };
}
