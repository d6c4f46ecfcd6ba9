import type { Secret } from '../../config/secret.js';
import { type CheckResult, fail, pass } from './check-result.js';

const MIN_LENGTH = 32;

/** Spec §12.3 `jwt secret`: present, at least 32 characters, and not one character repeated. */
export function checkJwtSecret(secret: Secret): CheckResult {
  if (secret.isEmpty()) return fail('jwt secret', 'missing — run `regstack init`');
  const value = secret.reveal();
  const length = [...value].length;
  if (length < MIN_LENGTH) {
    return fail('jwt secret', `too short (${length} chars; need ≥${MIN_LENGTH})`);
  }
  if (new Set(value).size === 1) {
    return fail('jwt secret', `too weak (${length} chars, all the same character)`);
  }
  return pass('jwt secret', `present (${length} chars)`);
}
