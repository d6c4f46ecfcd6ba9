import type { ErrorCode } from '../errors/catalogue.js';
import { RegstackError } from '../errors/errors.js';
import type { MfaVerifyOutcome } from '../model/records.js';
import type { FlowDeps } from './deps.js';
import { refuseIfLocked } from './lockout-gate.js';
import { boundCode } from './mfa-challenge.js';
import { type SessionGrant, startSession } from './session.js';
import { issuedBeforeCutoff } from './token-cutoff.js';

const LOGIN_CODE_ERRORS = {
  missing: 'mfa_code_missing',
  expired: 'mfa_code_expired',
  locked: 'mfa_code_locked',
} as const satisfies Record<string, ErrorCode>;

/** The 400 for a failed code check; a wrong code says how many attempts remain. */
export function codeError(
  outcome: Exclude<MfaVerifyOutcome, { outcome: 'ok' }>,
  codes: { missing: ErrorCode; expired: ErrorCode; locked: ErrorCode },
): RegstackError {
  if (outcome.outcome === 'wrong') {
    return new RegstackError('wrong_code', {
      detail:
        outcome.attemptsRemaining > 0
          ? `Wrong code; ${outcome.attemptsRemaining} attempts remaining.`
          : 'Wrong code.',
    });
  }
  return new RegstackError(codes[outcome.outcome]);
}

/**
 * `POST /login/mfa-confirm` (spec §6.8, Decision 18). The pending token is single-use: it
 * is redeemed only once the code is right, so a mistyped code can be retried within the
 * code's attempt budget, and a replay after success fails like an invalid token.
 *
 * Each sign-in sends a fresh code with a fresh budget, so the budget alone would let a
 * guesser who knows the password try again and again: a wrong code also counts toward
 * the account's lockout, which then refuses both the password and the code.
 */
export async function confirmLoginMfa(
  deps: FlowDeps,
  input: {
    mfaPendingToken: string;
    code: string;
    ip: string | null;
    userAgent?: string | null | undefined;
  },
): Promise<SessionGrant> {
  const { storage } = deps;
  const decoded = deps.tokens.decode(input.mfaPendingToken, 'login_mfa');
  if (!decoded.ok) throw new RegstackError('mfa_token_invalid');
  const { claims } = decoded;
  if (await storage.blacklist.isRevoked(claims.jti)) throw new RegstackError('mfa_token_invalid');
  const user = await storage.users.getById(claims.sub);
  if (user) await refuseIfLocked(deps, user.email, input.ip);

  const result = await storage.mfaCodes.verify(
    claims.sub,
    'login_mfa',
    deps.hashSecret(boundCode(claims.jti, input.code)),
  );
  if (result.outcome !== 'ok') {
    const guessed = result.outcome === 'wrong' || result.outcome === 'locked';
    if (user && guessed) await deps.lockout.recordFailure(user.email, input.ip);
    throw codeError(result, LOGIN_CODE_ERRORS);
  }

  if (!user?.isActive) throw new RegstackError('token_account_mismatch');
  if (issuedBeforeCutoff(user, claims.iat)) throw new RegstackError('mfa_token_invalid');
  if (!(await storage.blacklist.redeem(claims.jti, claims.exp))) {
    throw new RegstackError('mfa_token_invalid');
  }
  return startSession(deps, user, 'mfa_sms', { ip: input.ip, userAgent: input.userAgent ?? null });
}
