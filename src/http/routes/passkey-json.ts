import { formatIsoZ } from '../../clock/instant.js';
import type { AssertionCredential, RegistrationCredential } from '../../flows/passkey-ceremony.js';
import type { PasskeyCredentialRecord } from '../../model/records.js';
import type { AssertionCredentialJson, RegistrationCredentialJson } from '../schemas/requests.js';

/*
 * Between the validated request bodies and the library's types. Extension outputs are
 * dropped: regstack asks for no extensions, so any a client sends mean nothing here.
 */

export function assertionCredential(json: AssertionCredentialJson): AssertionCredential {
  const { userHandle, ...response } = json.response;
  return {
    id: json.id,
    rawId: json.rawId,
    type: json.type,
    clientExtensionResults: {},
    ...(json.authenticatorAttachment === undefined
      ? {}
      : { authenticatorAttachment: json.authenticatorAttachment }),
    response: userHandle === undefined ? response : { ...response, userHandle },
  };
}

export function registrationCredential(json: RegistrationCredentialJson): RegistrationCredential {
  const { transports, ...response } = json.response;
  return {
    id: json.id,
    rawId: json.rawId,
    type: json.type,
    clientExtensionResults: {},
    ...(json.authenticatorAttachment === undefined
      ? {}
      : { authenticatorAttachment: json.authenticatorAttachment }),
    response: transports === undefined ? response : { ...response, transports },
  };
}

export interface PasskeyJson {
  readonly id: string;
  readonly name: string;
  readonly created_at: string;
  readonly last_used_at: string | null;
  readonly backed_up: boolean;
  readonly device_type: 'singleDevice' | 'multiDevice';
}

/** The public form of a passkey: no key material, no credential id. */
export function passkeyJson(passkey: PasskeyCredentialRecord): PasskeyJson {
  return {
    id: passkey.id,
    name: passkey.name,
    created_at: formatIsoZ(passkey.createdAt),
    last_used_at: passkey.lastUsedAt === null ? null : formatIsoZ(passkey.lastUsedAt),
    backed_up: passkey.backedUp,
    device_type: passkey.deviceType,
  };
}
