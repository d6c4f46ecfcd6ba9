import {
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { constantTimeEqual } from '../crypto/constant-time.js';
import type { ErrorCode } from '../errors/catalogue.js';
import { RegstackError } from '../errors/errors.js';
import type {
  PasskeyCredentialRecord,
  PasskeyDeviceType,
  WebauthnChallengeRecord,
  WebauthnPurpose,
} from '../model/records.js';
import { MICROS_PER_SECOND } from '../ports/clock.js';
import type { FlowDeps } from './deps.js';

/*
 * What every passkey ceremony shares (issue 19): the relying party named by `base_url`, and
 * challenges that are random, stored as a SHA-256 only, bound to a purpose (and a user or a
 * pending sign-in), short-lived and consumed before anything is verified, so a response can
 * be checked once at most. `@simplewebauthn/server` does the WebAuthn checks themselves.
 */

/** How long a browser has to answer a challenge. */
export const PASSKEY_CHALLENGE_TTL_SECONDS = 300;

export type CreationOptions = PublicKeyCredentialCreationOptionsJSON;
export type RequestOptions = PublicKeyCredentialRequestOptionsJSON;
export type RegistrationCredential = RegistrationResponseJSON;
export type AssertionCredential = AuthenticationResponseJSON;

export interface RelyingParty {
  /** The hostname of `base_url`: a passkey made here is scoped to that host. */
  readonly id: string;
  /** The origin of `base_url`, the only one a browser response may come from. */
  readonly origin: string;
  readonly name: string;
}

export function relyingParty(deps: FlowDeps): RelyingParty {
  const base = new URL(deps.config.base_url);
  return {
    id: base.hostname,
    origin: base.origin,
    name: deps.config.passkey_rp_name ?? deps.config.app_name,
  };
}

/** A fresh challenge of 32 random bytes, as the base64url text the browser echoes back. */
export function newChallenge(deps: FlowDeps): string {
  return deps.random.token(32);
}

/**
 * The stored form of a challenge. `binding` ties it to more than its row (the pending
 * sign-in's jti at the MFA step), so it answers only within that sign-in.
 */
export function challengeHash(deps: FlowDeps, challenge: string, binding = ''): string {
  return deps.hashSecret(binding === '' ? challenge : `${binding}:${challenge}`);
}

export async function storeChallenge(
  deps: FlowDeps,
  input: { challenge: string; purpose: WebauthnPurpose; userId: string | null; binding?: string },
): Promise<string> {
  const row = await deps.storage.webauthnChallenges.create({
    challengeHash: challengeHash(deps, input.challenge, input.binding),
    purpose: input.purpose,
    userId: input.userId,
    expiresAt: deps.clock.now() + PASSKEY_CHALLENGE_TTL_SECONDS * MICROS_PER_SECOND,
  });
  return row.id;
}

/**
 * Consumes the challenge before any check, so it is spent whatever the outcome. A challenge
 * of another purpose or user is refused like an unknown one.
 */
export async function takeChallenge(
  deps: FlowDeps,
  challengeId: string,
  purpose: WebauthnPurpose,
  userId: string | null,
): Promise<WebauthnChallengeRecord> {
  const row = await deps.storage.webauthnChallenges.consume(challengeId);
  if (row === null || row.purpose !== purpose || row.userId !== userId) {
    throw new RegstackError('passkey_challenge_invalid');
  }
  if (row.expiresAt <= deps.clock.now()) throw new RegstackError('passkey_challenge_expired');
  return row;
}

function expectChallenge(
  deps: FlowDeps,
  stored: WebauthnChallengeRecord,
  binding: string,
): (challenge: string) => boolean {
  return (challenge) =>
    constantTimeEqual(challengeHash(deps, challenge, binding), stored.challengeHash);
}

/** Why the library refused a response, as one of our error codes. */
function refusal(error: unknown): RegstackError {
  const message = error instanceof Error ? error.message : '';
  const code: ErrorCode = /counter value/i.test(message)
    ? 'passkey_counter_regressed'
    : 'passkey_verification_failed';
  return new RegstackError(code, { cause: error });
}

export interface VerifiedRegistration {
  readonly credentialId: string;
  readonly publicKey: string;
  readonly counter: number;
  readonly transports: readonly string[];
  readonly deviceType: PasskeyDeviceType;
  readonly backedUp: boolean;
}

/** Checks an attestation (format "none" or any the library knows) against the challenge. */
export async function verifyRegistration(
  deps: FlowDeps,
  stored: WebauthnChallengeRecord,
  credential: RegistrationCredential,
): Promise<VerifiedRegistration> {
  const rp = relyingParty(deps);
  let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verified = await verifyRegistrationResponse({
      response: credential,
      expectedChallenge: expectChallenge(deps, stored, ''),
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      // A passkey may later sign in alone, so it must prove the user, not only presence.
      requireUserVerification: true,
    });
  } catch (error) {
    throw refusal(error);
  }
  if (!verified.verified) throw new RegstackError('passkey_verification_failed');
  const info = verified.registrationInfo;
  return {
    credentialId: info.credential.id,
    publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
    counter: info.credential.counter,
    transports: info.credential.transports ?? credential.response.transports ?? [],
    deviceType: info.credentialDeviceType,
    backedUp: info.credentialBackedUp,
  };
}

/**
 * Checks an assertion by a stored passkey and records its use: the new counter (a counter
 * that does not move forward, when either is non-zero, is refused by the library) and the
 * backup state, with a compare-and-set so two concurrent uses of one response count once.
 */
export async function verifyAssertion(
  deps: FlowDeps,
  input: {
    stored: WebauthnChallengeRecord;
    binding: string;
    passkey: PasskeyCredentialRecord;
    credential: AssertionCredential;
    requireUserVerification: boolean;
  },
): Promise<void> {
  const rp = relyingParty(deps);
  const { passkey } = input;
  let verified: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    verified = await verifyAuthenticationResponse({
      response: input.credential,
      expectedChallenge: expectChallenge(deps, input.stored, input.binding),
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: {
        id: passkey.credentialId,
        publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')),
        counter: passkey.counter,
        transports: [...passkey.transports],
      },
      requireUserVerification: input.requireUserVerification,
    });
  } catch (error) {
    throw refusal(error);
  }
  if (!verified.verified) throw new RegstackError('passkey_verification_failed');
  const { newCounter, credentialBackedUp } = verified.authenticationInfo;
  const recorded = await deps.storage.passkeyCredentials.recordUse(passkey.id, passkey.counter, {
    counter: newCounter,
    backedUp: credentialBackedUp,
    when: deps.clock.now(),
  });
  if (!recorded) throw new RegstackError('passkey_counter_regressed');
}
