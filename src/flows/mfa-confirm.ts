import { constantTimeEqual } from '../crypto/constant-time.js';
import { open } from '../crypto/seal.js';
import { matchTotpStep } from '../crypto/totp.js';
import type { ErrorCode } from '../errors/catalogue.js';
import { RegstackError } from '../errors/errors.js';
import { toPublicUser } from '../model/public-user.js';
import type { MfaVerifyOutcome, TotpFactorRecord } from '../model/records.js';
import type { UserRecord } from '../model/user.js';
import type { FlowDeps } from './deps.js';
import { refuseIfLocked } from './lockout-gate.js';
import { boundCode, factorBudgetMark } from './mfa-challenge.js';
import { type PasskeyProof, provePasskeyFactor } from './passkey-sign-in.js';
import { recoveryCodeHash } from './recovery-codes.js';
import {
  confirmedTotpFactor,
  hasPasskeyFactor,
  hasSmsFactor,
  nowMillis,
  recoveryCodesUsable,
  type SecondFactorMethod,
} from './second-factors.js';
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
    /** The SMS, app or recovery code; empty for a passkey. */
    code: string;
    /** The passkey answer, for `method: "passkey"`. */
    passkey?: PasskeyProof | undefined;
    /** Absent: `totp` for a user with an app and no SMS two-factor, else `sms`. */
    method?: SecondFactorMethod | undefined;
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
  if (user) await refuseIfLocked(deps, user.email, input.ip, 'mfa');
  // The app's row is read once, and only when the method can be other than SMS.
  const factor =
    user !== null && (input.method ?? (hasSmsFactor(user) ? 'sms' : 'totp')) !== 'sms'
      ? await confirmedTotpFactor(deps, user.id)
      : null;
  const method = input.method ?? (factor === null ? 'sms' : 'totp');
  if (method !== 'sms') {
    if (!user?.isActive) throw new RegstackError('token_account_mismatch');
    // Checked before the factor, so a token that can no longer sign in spends no recovery code.
    refuseIfCutOff(user, claims);
    await checkOtherFactor(deps, user, factor, claims.jti, method, input);
    const grant = await finishSignIn(deps, user, claims, METHOD_LABEL[method], input);
    if (method === 'recovery_code') {
      const remaining = await storage.recoveryCodes.countRemaining(user.id);
      await deps.audit.record({
        type: 'recovery_code.used',
        userId: user.id,
        details: { remaining },
      });
      await deps.hooks.fire('recovery_code_used', { user: toPublicUser(user), remaining });
    }
    return grant;
  }

  const result = await storage.mfaCodes.verify(
    claims.sub,
    'login_mfa',
    deps.hashSecret(boundCode(claims.jti, input.code)),
  );
  if (result.outcome !== 'ok') {
    const guessed = result.outcome === 'wrong' || result.outcome === 'locked';
    if (user && guessed) await deps.lockout.recordFailure(user.email, input.ip);
    if (user) await recordMfaFailure(deps, user, 'sms', result.outcome);
    throw codeError(result, LOGIN_CODE_ERRORS);
  }

  if (!user?.isActive) throw new RegstackError('token_account_mismatch');
  refuseIfCutOff(user, claims);
  return finishSignIn(deps, user, claims, 'mfa_sms', input);
}

/** A pending token issued before the user's cut-off (password change, logout-all) is dead. */
function refuseIfCutOff(user: UserRecord, claims: { readonly iat: number }): void {
  if (issuedBeforeCutoff(user, claims.iat)) throw new RegstackError('mfa_token_invalid');
}

const METHOD_LABEL = {
  sms: 'mfa_sms',
  totp: 'mfa_totp',
  passkey: 'mfa_passkey',
  recovery_code: 'mfa_recovery_code',
} as const satisfies Record<SecondFactorMethod, string>;

/**
 * The pending token is spent only now, once the second factor is proven (Decision 18).
 * Callers have checked the cut-off.
 */
async function finishSignIn(
  deps: FlowDeps,
  user: UserRecord,
  claims: { readonly jti: string; readonly exp: number },
  method: string,
  client: { ip: string | null; userAgent?: string | null | undefined },
): Promise<SessionGrant> {
  if (!(await deps.storage.blacklist.redeem(claims.jti, claims.exp))) {
    throw new RegstackError('mfa_token_invalid');
  }
  await deps.audit.record({ type: 'mfa.succeeded', userId: user.id, details: { method } });
  return startSession(deps, user, method, { ip: client.ip, userAgent: client.userAgent ?? null });
}

type OtherFactorMethod = Exclude<SecondFactorMethod, 'sms'>;

/**
 * An authenticator app code, a passkey or a recovery code for the pending token `jti`. All draw on
 * the token's `login_factor` budget, read first so that nothing is spent (a time step, a
 * recovery code) for a token that can no longer sign in; a wrong code is counted there
 * with a hash no row holds, and toward the account's lockout as a wrong SMS code is. A
 * replayed time step is a wrong code; a refused passkey (any reason: a wrong signature, a
 * spent challenge, a backwards counter, someone else's credential) counts the same.
 */
async function checkOtherFactor(
  deps: FlowDeps,
  user: UserRecord,
  factor: TotpFactorRecord | null,
  jti: string,
  method: OtherFactorMethod,
  input: { code: string; passkey?: PasskeyProof | undefined; ip: string | null },
): Promise<void> {
  const { storage } = deps;
  const available =
    method === 'totp'
      ? factor !== null
      : method === 'passkey'
        ? await hasPasskeyFactor(deps, user.id)
        : await recoveryCodesUsable(deps, user, factor !== null);
  if (!available) throw new RegstackError('mfa_method_unavailable');
  const mark = deps.hashSecret(factorBudgetMark(jti));
  const budget = await storage.mfaCodes.find(user.id, 'login_factor');
  if (budget === null || !constantTimeEqual(budget.codeHash, mark)) {
    throw new RegstackError(LOGIN_CODE_ERRORS.missing);
  }
  if (budget.attempts >= budget.maxAttempts) throw new RegstackError(LOGIN_CODE_ERRORS.locked);
  if (budget.expiresAt <= deps.clock.now()) throw new RegstackError(LOGIN_CODE_ERRORS.expired);

  const refused = await proveFactor(deps, user, factor, jti, method, input);
  if (refused !== null) {
    await deps.lockout.recordFailure(user.email, input.ip);
    await recordMfaFailure(deps, user, method, refused === 'wrong' ? 'wrong' : refused.code);
    const counted = await storage.mfaCodes.verify(
      user.id,
      'login_factor',
      deps.hashSecret(boundCode(jti, 'login_factor', 'miss')),
    );
    if (refused instanceof RegstackError && counted.outcome === 'wrong') {
      const left = counted.attemptsRemaining;
      throw new RegstackError(refused.code, {
        detail: left > 0 ? `${refused.detail} ${left} attempts remaining.` : refused.detail,
      });
    }
    if (counted.outcome === 'ok') throw new RegstackError('wrong_code');
    throw codeError(counted, LOGIN_CODE_ERRORS);
  }
  const spent = await storage.mfaCodes.verify(user.id, 'login_factor', mark);
  if (spent.outcome !== 'ok') throw codeError(spent, LOGIN_CODE_ERRORS);
}

/** `result` is the code check's outcome (`wrong`, `expired`, …), never the code. */
function recordMfaFailure(
  deps: FlowDeps,
  user: UserRecord,
  method: SecondFactorMethod,
  result: string,
): Promise<void> {
  return deps.audit.record({
    type: 'mfa.failed',
    outcome: 'failure',
    userId: user.id,
    details: { method: METHOD_LABEL[method], result },
  });
}

/**
 * Checks (and for a good answer, spends) the factor itself. Null when it passed; else
 * `'wrong'` for a wrong code, or the passkey's refusal.
 */
async function proveFactor(
  deps: FlowDeps,
  user: UserRecord,
  factor: TotpFactorRecord | null,
  jti: string,
  method: OtherFactorMethod,
  input: { code: string; passkey?: PasskeyProof | undefined },
): Promise<'wrong' | RegstackError | null> {
  const { storage } = deps;
  if (method === 'passkey') {
    if (input.passkey === undefined) return new RegstackError('passkey_verification_failed');
    try {
      await provePasskeyFactor(deps, user, jti, input.passkey);
      return null;
    } catch (error) {
      if (error instanceof RegstackError) return error;
      throw error;
    }
  }
  if (method === 'recovery_code') {
    const spent = await storage.recoveryCodes.consume(user.id, recoveryCodeHash(deps, input.code));
    return spent ? null : 'wrong';
  }
  if (factor === null) return 'wrong';
  const step = matchTotpStep(open(deps.totpKey, factor.sealedSecret), input.code, nowMillis(deps));
  return step !== null && (await storage.totpFactors.acceptStep(user.id, step)) ? null : 'wrong';
}
