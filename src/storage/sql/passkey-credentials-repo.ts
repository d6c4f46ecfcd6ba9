import { PasskeyAlreadyRegisteredError } from '../../errors/errors.js';
import type { PasskeyCredentialRecord, PasskeyDeviceType } from '../../model/records.js';
import type { PasskeyCredentialsRepo } from '../../ports/storage.js';
import { readInstant, readNullableInstant } from './instant-codec.js';
import { readBool, readCount, readText } from './read-column.js';
import { newId, type SqlContext } from './sql-context.js';
import type { PasskeyCredentialsTable } from './tables.js';
import { uniqueViolation } from './unique-violation.js';

type CredentialRow = { readonly [K in keyof PasskeyCredentialsTable]: unknown };

function readDeviceType(value: unknown): PasskeyDeviceType {
  if (value === 'singleDevice' || value === 'multiDevice') return value;
  throw new TypeError(`Unknown passkey device type '${String(value)}'.`);
}

function readTransports(value: unknown): string[] {
  const parsed: unknown = JSON.parse(readText(value));
  if (Array.isArray(parsed) && parsed.every((t) => typeof t === 'string')) return parsed;
  throw new TypeError('Passkey transports should be a JSON array of strings.');
}

function toCredentialRecord(row: CredentialRow): PasskeyCredentialRecord {
  return {
    id: readText(row.id),
    userId: readText(row.user_id),
    credentialId: readText(row.credential_id),
    publicKey: readText(row.public_key),
    counter: readCount(row.counter),
    transports: readTransports(row.transports),
    deviceType: readDeviceType(row.device_type),
    backedUp: readBool(row.backed_up),
    name: readText(row.name),
    createdAt: readInstant(row.created_at),
    lastUsedAt: readNullableInstant(row.last_used_at),
  };
}

export function createPasskeyCredentialsRepo({
  db,
  codec,
  clock,
}: SqlContext): PasskeyCredentialsRepo {
  return {
    async create(credential) {
      try {
        const row = await db
          .insertInto('passkey_credentials')
          .values({
            id: newId(),
            user_id: credential.userId,
            credential_id: credential.credentialId,
            public_key: credential.publicKey,
            counter: credential.counter,
            transports: JSON.stringify(credential.transports),
            device_type: credential.deviceType,
            backed_up: codec.bool(credential.backedUp),
            name: credential.name,
            created_at: codec.instant(clock.now()),
            last_used_at: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toCredentialRecord(row);
      } catch (error) {
        if (uniqueViolation(error) === 'passkey_credential_id_unique') {
          throw new PasskeyAlreadyRegisteredError({ cause: error });
        }
        throw error;
      }
    },

    async findByCredentialId(credentialId) {
      const row = await db
        .selectFrom('passkey_credentials')
        .selectAll()
        .where('credential_id', '=', credentialId)
        .executeTakeFirst();
      return row === undefined ? null : toCredentialRecord(row);
    },

    async get(userId, id) {
      const row = await db
        .selectFrom('passkey_credentials')
        .selectAll()
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row === undefined ? null : toCredentialRecord(row);
    },

    async listForUser(userId) {
      const rows = await db
        .selectFrom('passkey_credentials')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('created_at', 'asc')
        .orderBy('id', 'asc')
        .execute();
      return rows.map(toCredentialRecord);
    },

    async rename(userId, id, name) {
      const result = await db
        .updateTable('passkey_credentials')
        .set({ name })
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async recordUse(id, expectedCounter, use) {
      const result = await db
        .updateTable('passkey_credentials')
        .set({
          counter: use.counter,
          backed_up: codec.bool(use.backedUp),
          last_used_at: codec.instant(use.when),
        })
        .where('id', '=', id)
        .where('counter', '=', expectedCounter)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async delete(userId, id) {
      const result = await db
        .deleteFrom('passkey_credentials')
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async deleteByUserId(userId) {
      const result = await db
        .deleteFrom('passkey_credentials')
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
