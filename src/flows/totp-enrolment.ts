import { qrSvg } from '../crypto/qr-svg.js';
import { open, seal } from '../crypto/seal.js';
import { matchTotpStep, newTotpSecret, totpUri } from '../crypto/totp.js';
import { RegstackError } from '../errors/errors.js';
import { toPublicUser } from '../model/public-user.js';
import type { UserRecord } from '../model/user.js';
import { requireCurrentPassword } from './account-credentials.js';
import type { FlowDeps } from './deps.js';
import { refuseIfLocked } from './lockout-gate.js';
import { recoveryCodesForFirstFactor } from './recovery-codes.js';
import { hasAnySecondFactor, nowMillis } from './second-factors.js';

/*
 * Authenticator app enrolment and removal (issue 19). The seed is sealed with a key derived
 * from the JWT secret for this purpose alone, and is shown only by `/totp/start`. A code
 * checked for a signed-in user is re-authentication: it is limited per account and a
 * wrong one counts toward the lockout, as a wrong current password does.
 */

export interface TotpEnrolment {
  readonly secret: string;
  readonly otpauthUri: string;
  readonly qrSvg: string;
}

/** `POST /totp/start`: a fresh seed, stored unconfirmed (replacing an unconfirmed one). */
export async function startTotpEnrolment(deps: FlowDeps, user: UserRecord): Promise<TotpEnrolment> {
  const secret = newTotpSecret();
  if (!(await deps.storage.totpFactors.putUnconfirmed(user.id, seal(deps.totpKey, secret)))) {
    throw new RegstackError('totp_already_enabled');
  }
  const otpauthUri = totpUri(secret, deps.config.app_name, user.email);
  return { secret, otpauthUri, qrSvg: qrSvg(otpauthUri) };
}

/** The per-account budget and the lockout, checked before any code is. */
async function refuseCodeCheck(deps: FlowDeps, user: UserRecord, ip: string | null): Promise<void> {
  await refuseIfLocked(deps, user.email, ip);
  const decision = await deps.accountLimits.reauth(user.id);
  if (!decision.allowed) {
    throw new RegstackError('rate_limited', { retryAfter: decision.retryAfterSeconds });
  }
}

async function wrongCode(deps: FlowDeps, user: UserRecord, ip: string | null): Promise<never> {
  await deps.lockout.recordFailure(user.email, ip);
  throw new RegstackError('wrong_code');
}

/**
 * `POST /totp/confirm`: the first code proves the app holds the seed. When this is the
 * user's first second factor, recovery codes are created and returned with it.
 */
export async function confirmTotpEnrolment(
  deps: FlowDeps,
  user: UserRecord,
  code: string,
  ip: string | null,
): Promise<{ recoveryCodes: string[] | undefined }> {
  const { storage } = deps;
  await refuseCodeCheck(deps, user, ip);
  const factor = await storage.totpFactors.get(user.id);
  if (factor === null) throw new RegstackError('totp_not_started');
  if (factor.confirmedAt !== null) throw new RegstackError('totp_already_enabled');
  const step = matchTotpStep(open(deps.totpKey, factor.sealedSecret), code, nowMillis(deps));
  if (step === null) return wrongCode(deps, user, ip);
  const first = !(await hasAnySecondFactor(deps, user, false));
  if (!(await storage.totpFactors.confirm(user.id, step))) {
    throw new RegstackError('totp_not_started');
  }
  const recoveryCodes = first ? await recoveryCodesForFirstFactor(deps, user.id) : undefined;
  await deps.audit.record({ type: 'totp.enabled', userId: user.id });
  await deps.hooks.fire('totp_enabled', { user: toPublicUser(user) });
  return { recoveryCodes };
}

export type TotpDisableProof =
  | { readonly password: string; readonly code?: undefined }
  | { readonly code: string; readonly password?: undefined };

/**
 * `POST /totp/disable`: the current password or a fresh code from the app. With no second
 * factor left (SMS, a passkey), the recovery codes go too: they would recover nothing.
 */
export async function disableTotp(
  deps: FlowDeps,
  user: UserRecord,
  proof: TotpDisableProof,
  ip: string | null,
): Promise<void> {
  const { storage } = deps;
  const factor = await storage.totpFactors.get(user.id);
  if (factor?.confirmedAt == null) throw new RegstackError('totp_not_enabled');
  if (proof.password !== undefined) {
    await requireCurrentPassword(deps, { user, password: proof.password, ip });
  } else {
    await refuseCodeCheck(deps, user, ip);
    const step = matchTotpStep(
      open(deps.totpKey, factor.sealedSecret),
      proof.code,
      nowMillis(deps),
    );
    if (step === null || !(await storage.totpFactors.acceptStep(user.id, step))) {
      await wrongCode(deps, user, ip);
    }
  }
  await storage.totpFactors.delete(user.id);
  if (!(await hasAnySecondFactor(deps, user, false))) {
    await storage.recoveryCodes.deleteByUserId(user.id);
  }
  await deps.audit.record({
    type: 'totp.disabled',
    userId: user.id,
    details: { proof: proof.password === undefined ? 'code' : 'password' },
  });
  await deps.hooks.fire('totp_disabled', { user: toPublicUser(user) });
}
