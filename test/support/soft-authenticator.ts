import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';

/*
 * A software passkey authenticator for tests: real P-256 keys (node:crypto), a real CBOR
 * attestation object of format "none", real authenticator data and client data JSON, and
 * real ECDSA signatures, so the server's WebAuthn checks run on genuine input. Each field
 * a test wants to get wrong (origin, RP id, counter, signing key) can be overridden.
 */

type Cbor = number | string | Uint8Array | CborMap;
interface CborMap {
  readonly entries: ReadonlyArray<readonly [number | string, Cbor]>;
}

function head(major: number, length: number): Buffer {
  if (length < 24) return Buffer.from([(major << 5) | length]);
  if (length < 0x100) return Buffer.from([(major << 5) | 24, length]);
  if (length < 0x10000) {
    const out = Buffer.alloc(3);
    out[0] = (major << 5) | 25;
    out.writeUInt16BE(length, 1);
    return out;
  }
  const out = Buffer.alloc(5);
  out[0] = (major << 5) | 26;
  out.writeUInt32BE(length, 1);
  return out;
}

/** The CBOR (RFC 8949) subset WebAuthn needs: integers, byte and text strings, maps. */
export function encodeCbor(value: Cbor): Buffer {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError('Only integers are encoded.');
    return value >= 0 ? head(0, value) : head(1, -1 - value);
  }
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), value]);
  const parts = value.entries.flatMap(([k, v]) => [encodeCbor(k), encodeCbor(v)]);
  return Buffer.concat([head(5, value.entries.length), ...parts]);
}

const cborMap = (...entries: Array<readonly [number | string, Cbor]>): CborMap => ({ entries });

const sha256 = (data: Buffer | string): Buffer => createHash('sha256').update(data).digest();
const b64url = (data: Buffer): string => data.toString('base64url');

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_BE = 0x08;
const FLAG_BS = 0x10;
const FLAG_AT = 0x40;

export interface SoftCredential {
  readonly id: string;
  readonly privateKey: KeyObject;
  readonly cosePublicKey: Buffer;
  readonly rpId: string;
  readonly userHandle: string;
  counter: number;
}

export interface CeremonyOverrides {
  /** The origin written into client data (default: the authenticator's origin). */
  readonly origin?: string;
  /** The RP id whose hash leads authenticator data (default: the options' RP id). */
  readonly rpId?: string;
  /** The challenge echoed in client data (default: the options' challenge). */
  readonly challenge?: string;
  /** Sign with this credential's key instead of the one answering. */
  readonly signWith?: SoftCredential;
  /** The signature counter to report (default: one more than the last). */
  readonly counter?: number;
  /** Answer with this credential (default: the first one the options allow). */
  readonly credential?: SoftCredential;
  readonly userVerified?: boolean;
  /** Registration: present this existing credential's id and key again. */
  readonly reuse?: SoftCredential;
}

interface CreationOptionsJson {
  readonly challenge: string;
  readonly rp: { readonly id?: string };
  readonly user: { readonly id: string };
}

interface RequestOptionsJson {
  readonly challenge: string;
  readonly rpId?: string;
  readonly allowCredentials?: ReadonlyArray<{ readonly id: string }>;
}

export interface RegistrationJson {
  id: string;
  rawId: string;
  type: 'public-key';
  clientExtensionResults: Record<string, never>;
  response: { clientDataJSON: string; attestationObject: string; transports: string[] };
}

export interface AssertionJson {
  id: string;
  rawId: string;
  type: 'public-key';
  clientExtensionResults: Record<string, never>;
  response: {
    clientDataJSON: string;
    authenticatorData: string;
    signature: string;
    userHandle: string;
  };
}

export class SoftAuthenticator {
  readonly credentials: SoftCredential[] = [];
  readonly origin: string;
  /** Synced passkeys report backup eligibility and state. */
  readonly backedUp: boolean;

  constructor(origin: string, backedUp = true) {
    this.origin = origin;
    this.backedUp = backedUp;
  }

  private flags(extra: number, userVerified: boolean): number {
    const backup = this.backedUp ? FLAG_BE | FLAG_BS : 0;
    return FLAG_UP | (userVerified ? FLAG_UV : 0) | backup | extra;
  }

  private clientData(type: string, challenge: string, origin: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }), 'utf8');
  }

  /** `navigator.credentials.create()`: a new resident P-256 credential. */
  create(options: CreationOptionsJson, overrides: CeremonyOverrides = {}): RegistrationJson {
    const rpId = options.rp.id ?? new URL(this.origin).hostname;
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const privateKey = overrides.reuse?.privateKey ?? pair.privateKey;
    const jwk = pair.publicKey.export({ format: 'jwk' });
    const cosePublicKey =
      overrides.reuse?.cosePublicKey ??
      encodeCbor(
        cborMap(
          [1, 2], // kty: EC2
          [3, -7], // alg: ES256
          [-1, 1], // crv: P-256
          [-2, Buffer.from(String(jwk.x), 'base64url')],
          [-3, Buffer.from(String(jwk.y), 'base64url')],
        ),
      );
    const credentialId =
      overrides.reuse === undefined
        ? randomBytes(16)
        : Buffer.from(overrides.reuse.id, 'base64url');
    const credential: SoftCredential = {
      id: b64url(credentialId),
      privateKey,
      cosePublicKey,
      rpId,
      userHandle: options.user.id,
      counter: overrides.counter ?? 0,
    };
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(credentialId.length);
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(credential.counter);
    const authData = Buffer.concat([
      sha256(overrides.rpId ?? rpId),
      Buffer.from([this.flags(FLAG_AT, overrides.userVerified ?? true)]),
      counter,
      Buffer.alloc(16), // AAGUID: none
      idLength,
      credentialId,
      cosePublicKey,
    ]);
    const attestationObject = encodeCbor(
      cborMap(['fmt', 'none'], ['attStmt', cborMap()], ['authData', authData]),
    );
    const clientDataJSON = this.clientData(
      'webauthn.create',
      overrides.challenge ?? options.challenge,
      overrides.origin ?? this.origin,
    );
    this.credentials.push(credential);
    return {
      id: credential.id,
      rawId: credential.id,
      type: 'public-key',
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64url(clientDataJSON),
        attestationObject: b64url(attestationObject),
        transports: ['internal'],
      },
    };
  }

  /** `navigator.credentials.get()`: an assertion signed by the credential's private key. */
  get(options: RequestOptionsJson, overrides: CeremonyOverrides = {}): AssertionJson {
    const allowed = options.allowCredentials?.map((c) => c.id);
    const credential =
      overrides.credential ??
      this.credentials.find((c) => allowed === undefined || allowed.includes(c.id));
    if (credential === undefined) throw new Error('No credential of this authenticator fits.');
    credential.counter = overrides.counter ?? credential.counter + 1;
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(credential.counter);
    const authData = Buffer.concat([
      sha256(overrides.rpId ?? options.rpId ?? credential.rpId),
      Buffer.from([this.flags(0, overrides.userVerified ?? true)]),
      counter,
    ]);
    const clientDataJSON = this.clientData(
      'webauthn.get',
      overrides.challenge ?? options.challenge,
      overrides.origin ?? this.origin,
    );
    const signer = overrides.signWith ?? credential;
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), {
      key: signer.privateKey,
      dsaEncoding: 'der',
    });
    return {
      id: credential.id,
      rawId: credential.id,
      type: 'public-key',
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        userHandle: credential.userHandle,
      },
    };
  }
}
