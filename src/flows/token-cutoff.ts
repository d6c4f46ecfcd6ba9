import type { UserRecord } from '../model/user.js';
import type { Instant } from '../ports/clock.js';

/**
 * Whether a token issued at `iat` is older than the user's bulk revocation cut-off (an equal
 * instant counts as older). Every token of a user obeys it, not only sessions: a password
 * change, a reset or an admin disable must also kill the email-change, phone-setup, MFA and
 * reset tokens minted before it, or whoever held the account before keeps a way back in.
 */
export function issuedBeforeCutoff(user: UserRecord, iat: Instant): boolean {
  return user.tokensInvalidatedAfter !== null && iat <= user.tokensInvalidatedAfter;
}
