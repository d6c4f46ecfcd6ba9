import type { ErrorCode } from '../errors/catalogue.js';
import { RegstackError } from '../errors/errors.js';
import { toPublicUser } from '../model/public-user.js';
import type { UserRecord } from '../model/user.js';
import { MICROS_PER_SECOND } from '../ports/clock.js';
import { requireCurrentPassword } from './account-credentials.js';
import type { FlowDeps } from './deps.js';
import { boundCode, refuseIfSmsCapReached } from './mfa-challenge.js';
import { codeError } from './mfa-confirm.js';
import { sendSms } from './notify.js';
import { recoveryCodesForFirstFactor } from './recovery-codes.js';
import { hasAnySecondFactor } from './second-factors.js';
import { issuedBeforeCutoff } from './token-cutoff.js';

/*
 * SMS two-factor setup (spec §6.18–§6.20). The phone number only reaches the account once a
 * code sent to that number comes back with the signed token naming it; until then nothing
 * on the user changes. The token is single-use (Decision 18) but a mistyped code does not
 * spend it, so retries stay within the code's own attempt budget.
 */

/** E.164 with ASCII digits only (TS-CONTRACT §5); `\d` would also accept other scripts' digits. */
const E164 = /^\+[1-9][0-9]{1,14}$/;

const SETUP_CODE_ERRORS = {
  missing: 'phone_code_missing',
  expired: 'phone_code_expired',
  locked: 'phone_code_locked',
} as const satisfies Record<string, ErrorCode>;

/** Whether a string is an E.164 phone number. */
export function isE164(phone: string): boolean {
  return E164.test(phone);
}

/**
 * `POST /phone/start`: the format is checked before the password, then a fresh code replaces
 * any outstanding one and goes to the submitted number (Decision 15: a failed send still
 * answers as success).
 */
export async function startPhoneSetup(
  deps: FlowDeps,
  user: UserRecord,
  input: { phoneNumber: string; currentPassword: string; ip: string | null },
): Promise<{ pendingToken: string; expiresIn: number }> {
  const { config } = deps;
  const phone = input.phoneNumber;
  if (!isE164(phone)) throw new RegstackError('phone_format');
  await requireCurrentPassword(deps, { user, password: input.currentPassword, ip: input.ip });
  await refuseIfSmsCapReached(deps, user.id);

  const code = deps.random.numericCode(config.sms_code_length);
  const issued = deps.tokens.issue({ purpose: 'phone_setup', subject: user.id, extra: { phone } });
  // The code vouches for this token and this number only: a code sent to another number
  // cannot confirm the first request (Decision 18 spirit; ASVS 6.6.2).
  await deps.storage.mfaCodes.put({
    userId: user.id,
    kind: 'phone_setup',
    codeHash: deps.hashSecret(boundCode(issued.claims.jti, code, phone)),
    expiresAt: deps.clock.now() + config.sms_code_ttl_seconds * MICROS_PER_SECOND,
    maxAttempts: config.sms_code_max_attempts,
  });
  await sendSms(deps, 'phone_setup', phone, code);
  await deps.hooks.fire('phone_setup_started', { user: toPublicUser(user), phone, code });
  return { pendingToken: issued.token, expiresIn: config.mfa_pending_token_ttl_seconds };
}

/**
 * `POST /phone/confirm` (public): the token proves who, the code proves the phone. When this
 * is the user's first second factor and `enable_totp` is on, recovery codes come with it.
 */
export async function confirmPhoneSetup(
  deps: FlowDeps,
  input: { pendingToken: string; code: string },
): Promise<{ user: UserRecord; recoveryCodes: string[] | undefined }> {
  const { storage } = deps;
  const decoded = deps.tokens.decode(input.pendingToken, 'phone_setup');
  if (!decoded.ok) throw new RegstackError('pending_token_invalid');
  const { claims } = decoded;
  const phone = claims.phone;
  if (phone === undefined) throw new RegstackError('pending_token_invalid');
  if (await storage.blacklist.isRevoked(claims.jti)) {
    throw new RegstackError('pending_token_invalid');
  }

  const result = await storage.mfaCodes.verify(
    claims.sub,
    'phone_setup',
    deps.hashSecret(boundCode(claims.jti, input.code, phone)),
  );
  if (result.outcome !== 'ok') throw codeError(result, SETUP_CODE_ERRORS);

  const user = await storage.users.getById(claims.sub);
  if (!user?.isActive) throw new RegstackError('token_account_mismatch');
  if (issuedBeforeCutoff(user, claims.iat)) throw new RegstackError('pending_token_invalid');
  if (!(await storage.blacklist.redeem(claims.jti, claims.exp))) {
    throw new RegstackError('pending_token_invalid');
  }
  const first = !(await hasAnySecondFactor(deps, user));
  await storage.users.setPhoneAndMfa(user.id, phone, true);
  const updated = (await storage.users.getById(user.id)) ?? {
    ...user,
    phoneNumber: phone,
    isMfaEnabled: true,
  };
  const recoveryCodes = first ? await recoveryCodesForFirstFactor(deps, user.id) : undefined;
  await deps.audit.record({ type: 'sms_mfa.enabled', userId: user.id });
  await deps.hooks.fire('mfa_enabled', { user: toPublicUser(updated) });
  return { user: updated, recoveryCodes };
}

/**
 * `DELETE /phone`: removes the number, turns MFA off and drops every outstanding code of
 * either kind, so a code sent before the removal can no longer finish a sign-in or a setup.
 */
export async function disablePhoneMfa(
  deps: FlowDeps,
  user: UserRecord,
  currentPassword: string,
  ip: string | null,
): Promise<void> {
  const { storage } = deps;
  await requireCurrentPassword(deps, { user, password: currentPassword, ip });
  await storage.users.setPhoneAndMfa(user.id, null, false);
  await storage.mfaCodes.delete(user.id);
  // With no second factor left, the recovery codes would recover nothing.
  const withoutPhone = { ...user, phoneNumber: null, isMfaEnabled: false };
  if (!(await hasAnySecondFactor(deps, withoutPhone))) {
    await storage.recoveryCodes.deleteByUserId(user.id);
  }
  const updated = (await storage.users.getById(user.id)) ?? {
    ...user,
    phoneNumber: null,
    isMfaEnabled: false,
  };
  await deps.audit.record({ type: 'sms_mfa.disabled', userId: user.id });
  await deps.hooks.fire('mfa_disabled', { user: toPublicUser(updated) });
}
