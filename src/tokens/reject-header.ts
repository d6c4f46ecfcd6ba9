import { DECODE_REASONS } from './decode-reasons.js';
import type { JwtAlgorithm } from './jwt-algorithms.js';

/**
 * Why a header segment that is not the pinned one was refused. Only reached on failure, so it
 * may parse; the verdict is the same either way, only the reason text differs.
 */
export function rejectHeader(segment: string, algorithm: JwtAlgorithm): string {
  try {
    const header: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    if (
      typeof header === 'object' &&
      header !== null &&
      'alg' in header &&
      header.alg !== algorithm
    ) {
      return DECODE_REASONS.algorithmNotAllowed;
    }
  } catch {
    // Falls through to the generic reason.
  }
  return DECODE_REASONS.invalidHeader;
}
