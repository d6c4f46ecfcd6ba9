import { generateAuthenticationOptions } from '@simplewebauthn/server';
import { RegstackError } from '../errors/errors.js';
import type { UserRecord } from '../model/user.js';
import type { FlowDeps } from './deps.js';
import { refuseIfLocked } from './lockout-gate.js';
import {
  type AssertionCredential,
  newChallenge,
  PASSKEY_CHALLENGE_TTL_SECONDS,
  type RequestOptions,
  relyingParty,
  storeChallenge,
  takeChallenge,
  verifyAssertion,
} from './passkey-ceremony.js';
import type { PasskeyStart } from './passkeys.js';
import { type SessionGrant, startSession } from './session.js';

/*
 * Signing in with a passkey (issue 19). Alone, a passkey is already two factors (the device
 * and its user verification), so it ends the sign-in with no MFA step. As the second step
 * after a password, the challenge is bound to the pending token and lists only the user's
 * credentials; a passkey of anyone else is refused.
 */

/** `POST /passkeys/login/start`: no credentials listed, the browser offers its discoverable ones. */
export async function startPasskeySignIn(deps: FlowDeps): Promise<PasskeyStart<RequestOptions>> {
  const challenge = newChallenge(deps);
  const options = await generateAuthenticationOptions({
    rpID: relyingParty(deps).id,
    challenge: Buffer.from(challenge, 'base64url'),
    timeout: PASSKEY_CHALLENGE_TTL_SECONDS * 1000,
    userVerification: 'required',
  });
  const challengeId = await storeChallenge(deps, {
    challenge: options.challenge,
    purpose: 'authentication',
    userId: null,
  });
  return { challengeId, options };
}

/** The user handle a discoverable credential returned, when it returned one. */
function userHandleOf(credential: AssertionCredential): string | null {
  const handle = credential.response.userHandle;
  if (handle === undefined || handle === '') return null;
  return Buffer.from(handle, 'base64url').toString('utf8');
}

/**
 * `POST /passkeys/login/finish`. The challenge is spent first; an unknown credential is
 * refused before anything is looked up by it. A failed check of a known passkey counts
 * toward its account's lockout like a wrong password (the per-address limits cover the
 * rest), and the account must be able to sign in as `/login` requires.
 */
export async function finishPasskeySignIn(
  deps: FlowDeps,
  input: {
    challengeId: string;
    credential: AssertionCredential;
    ip: string | null;
    userAgent?: string | null | undefined;
  },
): Promise<SessionGrant> {
  const { storage } = deps;
  const stored = await takeChallenge(deps, input.challengeId, 'authentication', null);
  const passkey = await storage.passkeyCredentials.findByCredentialId(input.credential.id);
  if (passkey === null) throw new RegstackError('passkey_not_recognised');
  const user = await storage.users.getById(passkey.userId);
  if (user === null) throw new RegstackError('passkey_not_recognised');
  await refuseIfLocked(deps, user.email, input.ip);
  const handle = userHandleOf(input.credential);
  try {
    if (handle !== null && handle !== user.id) throw new RegstackError('passkey_not_recognised');
    await verifyAssertion(deps, {
      stored,
      binding: '',
      passkey,
      credential: input.credential,
      requireUserVerification: true,
    });
  } catch (error) {
    if (error instanceof RegstackError) {
      await deps.lockout.recordFailure(user.email, input.ip);
      await deps.audit.record({
        type: 'login.failed',
        outcome: 'failure',
        userId: user.id,
        details: { reason: 'bad_passkey', detail_code: error.code },
      });
    }
    throw error;
  }
  if (!user.isActive) throw new RegstackError('account_disabled');
  if (deps.config.require_verification && !user.isVerified) {
    throw new RegstackError('email_not_verified');
  }
  return startSession(deps, user, 'passkey', { ip: input.ip, userAgent: input.userAgent ?? null });
}

/**
 * `POST /login/mfa-passkey/start`: request options for the pending sign-in's user, listing
 * that user's credentials, with a challenge that answers only for this pending token.
 */
export async function startMfaPasskey(
  deps: FlowDeps,
  input: { mfaPendingToken: string; ip: string | null },
): Promise<PasskeyStart<RequestOptions>> {
  const { storage } = deps;
  const decoded = deps.tokens.decode(input.mfaPendingToken, 'login_mfa');
  if (!decoded.ok) throw new RegstackError('mfa_token_invalid');
  const { claims } = decoded;
  if (await storage.blacklist.isRevoked(claims.jti)) throw new RegstackError('mfa_token_invalid');
  const user = await storage.users.getById(claims.sub);
  if (!user?.isActive) throw new RegstackError('mfa_token_invalid');
  await refuseIfLocked(deps, user.email, input.ip);
  const passkeys = await storage.passkeyCredentials.listForUser(user.id);
  if (passkeys.length === 0) throw new RegstackError('mfa_method_unavailable');
  const challenge = newChallenge(deps);
  const options = await generateAuthenticationOptions({
    rpID: relyingParty(deps).id,
    challenge: Buffer.from(challenge, 'base64url'),
    timeout: PASSKEY_CHALLENGE_TTL_SECONDS * 1000,
    allowCredentials: passkeys.map((p) => ({ id: p.credentialId, transports: [...p.transports] })),
    // After the password, the passkey is the possession factor: presence is enough.
    userVerification: 'preferred',
  });
  const challengeId = await storeChallenge(deps, {
    challenge: options.challenge,
    purpose: 'mfa',
    userId: user.id,
    binding: claims.jti,
  });
  return { challengeId, options };
}

export interface PasskeyProof {
  readonly challengeId: string;
  readonly credential: AssertionCredential;
}

/**
 * Checks a passkey answer at the MFA step of the pending sign-in `jti`. A refusal is a
 * RegstackError the caller counts against the token's budget and the lockout.
 */
export async function provePasskeyFactor(
  deps: FlowDeps,
  user: UserRecord,
  jti: string,
  proof: PasskeyProof,
): Promise<void> {
  const stored = await takeChallenge(deps, proof.challengeId, 'mfa', user.id);
  const passkey = await deps.storage.passkeyCredentials.findByCredentialId(proof.credential.id);
  if (passkey === null || passkey.userId !== user.id) {
    throw new RegstackError('passkey_not_recognised');
  }
  await verifyAssertion(deps, {
    stored,
    binding: jti,
    passkey,
    credential: proof.credential,
    requireUserVerification: false,
  });
}
