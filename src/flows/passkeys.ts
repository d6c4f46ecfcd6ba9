import { generateRegistrationOptions } from '@simplewebauthn/server';
import { PasskeyAlreadyRegisteredError, RegstackError } from '../errors/errors.js';
import { toPublicUser } from '../model/public-user.js';
import type { PasskeyCredentialRecord } from '../model/records.js';
import type { UserRecord } from '../model/user.js';
import { requireCurrentPassword } from './account-credentials.js';
import type { FlowDeps } from './deps.js';
import {
  type CreationOptions,
  newChallenge,
  PASSKEY_CHALLENGE_TTL_SECONDS,
  type RegistrationCredential,
  relyingParty,
  storeChallenge,
  takeChallenge,
  verifyRegistration,
} from './passkey-ceremony.js';
import { recoveryCodesForFirstFactor } from './recovery-codes.js';
import { hasAnySecondFactor } from './second-factors.js';

/*
 * A signed-in user's passkeys (issue 19): register, list, rename, remove. Registration asks
 * for a discoverable credential with user verification, so the same passkey can later sign
 * in alone; the credential ids the user already has are excluded, and one registered to
 * anybody is refused.
 */

export const DEFAULT_PASSKEY_NAME = 'Passkey';

export interface PasskeyStart<O> {
  readonly challengeId: string;
  readonly options: O;
}

/** `POST /passkeys/register/start`. */
export async function startPasskeyRegistration(
  deps: FlowDeps,
  user: UserRecord,
): Promise<PasskeyStart<CreationOptions>> {
  const rp = relyingParty(deps);
  const existing = await deps.storage.passkeyCredentials.listForUser(user.id);
  const challenge = newChallenge(deps);
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.email,
    userDisplayName: user.fullName ?? user.email,
    // The user handle is the account id: a discoverable sign-in names the account with it.
    userID: new TextEncoder().encode(user.id),
    challenge: Buffer.from(challenge, 'base64url'),
    timeout: PASSKEY_CHALLENGE_TTL_SECONDS * 1000,
    attestationType: 'none',
    excludeCredentials: existing.map((c) => ({
      id: c.credentialId,
      transports: [...c.transports],
    })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  });
  const challengeId = await storeChallenge(deps, {
    challenge: options.challenge,
    purpose: 'registration',
    userId: user.id,
  });
  return { challengeId, options };
}

/** `POST /passkeys/register/finish`: the stored passkey, and recovery codes for a first factor. */
export async function finishPasskeyRegistration(
  deps: FlowDeps,
  user: UserRecord,
  input: { challengeId: string; credential: RegistrationCredential; name?: string | undefined },
): Promise<{ passkey: PasskeyCredentialRecord; recoveryCodes: string[] | undefined }> {
  const stored = await takeChallenge(deps, input.challengeId, 'registration', user.id);
  const verified = await verifyRegistration(deps, stored, input.credential);
  const first = !(await hasAnySecondFactor(deps, user));
  let passkey: PasskeyCredentialRecord;
  try {
    passkey = await deps.storage.passkeyCredentials.create({
      userId: user.id,
      ...verified,
      name: input.name ?? DEFAULT_PASSKEY_NAME,
    });
  } catch (error) {
    if (error instanceof PasskeyAlreadyRegisteredError) {
      throw new RegstackError('passkey_already_registered', { cause: error });
    }
    throw error;
  }
  const recoveryCodes = first ? await recoveryCodesForFirstFactor(deps, user.id) : undefined;
  await deps.audit.record({
    type: 'passkey.added',
    userId: user.id,
    details: { passkey_id: passkey.id, first_factor: first },
  });
  await deps.hooks.fire('passkey_added', { user: toPublicUser(user) });
  return { passkey, recoveryCodes };
}

/** `GET /passkeys`. */
export function listPasskeys(deps: FlowDeps, user: UserRecord): Promise<PasskeyCredentialRecord[]> {
  return deps.storage.passkeyCredentials.listForUser(user.id);
}

/** `PATCH /passkeys/{passkey_id}`. */
export async function renamePasskey(
  deps: FlowDeps,
  user: UserRecord,
  passkeyId: string,
  name: string,
): Promise<PasskeyCredentialRecord> {
  if (!(await deps.storage.passkeyCredentials.rename(user.id, passkeyId, name))) {
    throw new RegstackError('passkey_not_found');
  }
  const renamed = await deps.storage.passkeyCredentials.get(user.id, passkeyId);
  if (renamed === null) throw new RegstackError('passkey_not_found');
  return renamed;
}

/**
 * `DELETE /passkeys/{passkey_id}`: the current password first, as removing any factor
 * needs. With no second factor left, the recovery codes go too: they would recover nothing.
 */
export async function removePasskey(
  deps: FlowDeps,
  user: UserRecord,
  passkeyId: string,
  currentPassword: string,
  ip: string | null,
): Promise<void> {
  const { storage } = deps;
  if ((await storage.passkeyCredentials.get(user.id, passkeyId)) === null) {
    throw new RegstackError('passkey_not_found');
  }
  await requireCurrentPassword(deps, { user, password: currentPassword, ip });
  if (!(await storage.passkeyCredentials.delete(user.id, passkeyId))) {
    throw new RegstackError('passkey_not_found');
  }
  if (!(await hasAnySecondFactor(deps, user))) await storage.recoveryCodes.deleteByUserId(user.id);
  await deps.audit.record({
    type: 'passkey.removed',
    userId: user.id,
    details: { passkey_id: passkeyId },
  });
  await deps.hooks.fire('passkey_removed', { user: toPublicUser(user) });
}
