import { describe, expect, it } from 'vitest';
import { PasskeyAlreadyRegisteredError } from '../../../src/errors/errors.js';
import type { NewPasskeyCredential } from '../../../src/model/records.js';
import { SECOND, type SubjectRef } from './subject.js';

const ALICE = 'a'.repeat(32);
const BOB = 'b'.repeat(32);
const hash = (n: number): string => n.toString(16).padStart(64, '0');

function credential(userId: string, credentialId: string): NewPasskeyCredential {
  return {
    userId,
    credentialId,
    publicKey: `pk-${credentialId}`,
    counter: 0,
    transports: ['internal', 'hybrid'],
    deviceType: 'multiDevice',
    backedUp: true,
    name: `key ${credentialId}`,
  };
}

export function passkeyCredentialsContract(s: SubjectRef): void {
  describe('passkey credentials', () => {
    it('create() stores every field; findByCredentialId() and get() read it back', async () => {
      const created = await s.storage.passkeyCredentials.create(credential(ALICE, 'cred-1'));
      expect(created).toEqual({
        id: expect.any(String),
        userId: ALICE,
        credentialId: 'cred-1',
        publicKey: 'pk-cred-1',
        counter: 0,
        transports: ['internal', 'hybrid'],
        deviceType: 'multiDevice',
        backedUp: true,
        name: 'key cred-1',
        createdAt: s.clock.now(),
        lastUsedAt: null,
      });
      expect(await s.storage.passkeyCredentials.findByCredentialId('cred-1')).toEqual(created);
      expect(await s.storage.passkeyCredentials.get(ALICE, created.id)).toEqual(created);
      expect(await s.storage.passkeyCredentials.findByCredentialId('cred-2')).toBeNull();
    });

    it('get(), rename() and delete() never reach another user’s passkey or a malformed id', async () => {
      const mine = await s.storage.passkeyCredentials.create(credential(ALICE, 'cred-1'));
      expect(await s.storage.passkeyCredentials.get(BOB, mine.id)).toBeNull();
      expect(await s.storage.passkeyCredentials.get(ALICE, 'not-an-id')).toBeNull();
      expect(await s.storage.passkeyCredentials.rename(BOB, mine.id, 'x')).toBe(false);
      expect(await s.storage.passkeyCredentials.delete(BOB, mine.id)).toBe(false);
      expect(await s.storage.passkeyCredentials.delete(ALICE, 'not-an-id')).toBe(false);
      expect((await s.storage.passkeyCredentials.get(ALICE, mine.id))?.name).toBe('key cred-1');
    });

    it('a credential id is bound to one user: a second registration rejects, for anyone', async () => {
      await s.storage.passkeyCredentials.create(credential(ALICE, 'cred-1'));
      await expect(
        s.storage.passkeyCredentials.create(credential(BOB, 'cred-1')),
      ).rejects.toBeInstanceOf(PasskeyAlreadyRegisteredError);
      await expect(
        s.storage.passkeyCredentials.create(credential(ALICE, 'cred-1')),
      ).rejects.toBeInstanceOf(PasskeyAlreadyRegisteredError);
      expect(await s.storage.passkeyCredentials.listForUser(BOB)).toEqual([]);
    });

    it('listForUser() lists that user’s passkeys oldest first', async () => {
      await s.storage.passkeyCredentials.create(credential(ALICE, 'cred-1'));
      s.clock.advance(2);
      await s.storage.passkeyCredentials.create(credential(BOB, 'cred-2'));
      await s.storage.passkeyCredentials.create({ ...credential(ALICE, 'cred-3'), transports: [] });
      const list = await s.storage.passkeyCredentials.listForUser(ALICE);
      expect(list.map((c) => [c.credentialId, c.transports])).toEqual([
        ['cred-1', ['internal', 'hybrid']],
        ['cred-3', []],
      ]);
      expect(list[1]?.createdAt).toBe((list[0]?.createdAt ?? 0) + 2 * SECOND);
    });

    it('rename() changes the name only', async () => {
      const mine = await s.storage.passkeyCredentials.create(credential(ALICE, 'cred-1'));
      expect(await s.storage.passkeyCredentials.rename(ALICE, mine.id, 'Laptop')).toBe(true);
      expect(await s.storage.passkeyCredentials.get(ALICE, mine.id)).toEqual({
        ...mine,
        name: 'Laptop',
      });
    });

    it('recordUse() is a compare-and-set on the counter and keeps counters past 2^31', async () => {
      const mine = await s.storage.passkeyCredentials.create(credential(ALICE, 'cred-1'));
      s.clock.advance(7);
      const when = s.clock.now();
      const big = 4_000_000_000;
      expect(
        await s.storage.passkeyCredentials.recordUse(mine.id, 0, {
          counter: big,
          backedUp: false,
          when,
        }),
      ).toBe(true);
      expect(
        await s.storage.passkeyCredentials.recordUse(mine.id, 0, {
          counter: 5,
          backedUp: true,
          when,
        }),
      ).toBe(false);
      expect(await s.storage.passkeyCredentials.get(ALICE, mine.id)).toMatchObject({
        counter: big,
        backedUp: false,
        lastUsedAt: when,
      });
      expect(
        await s.storage.passkeyCredentials.recordUse('not-an-id', big, {
          counter: big + 1,
          backedUp: false,
          when,
        }),
      ).toBe(false);
    });

    it('recordUse() lets exactly one of concurrent callers with one counter through', async () => {
      const mine = await s.storage.passkeyCredentials.create(credential(ALICE, 'cred-1'));
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          s.storage.passkeyCredentials.recordUse(mine.id, 0, {
            counter: i + 1,
            backedUp: true,
            when: s.clock.now(),
          }),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('delete() and deleteByUserId() remove that user’s passkeys only', async () => {
      const one = await s.storage.passkeyCredentials.create(credential(ALICE, 'cred-1'));
      await s.storage.passkeyCredentials.create(credential(ALICE, 'cred-2'));
      await s.storage.passkeyCredentials.create(credential(BOB, 'cred-3'));
      expect(await s.storage.passkeyCredentials.delete(ALICE, one.id)).toBe(true);
      expect(await s.storage.passkeyCredentials.delete(ALICE, one.id)).toBe(false);
      expect(await s.storage.passkeyCredentials.deleteByUserId(ALICE)).toBe(1);
      expect(await s.storage.passkeyCredentials.listForUser(ALICE)).toEqual([]);
      expect(await s.storage.passkeyCredentials.listForUser(BOB)).toHaveLength(1);
      // The credential id is free again once its passkey is gone.
      await s.storage.passkeyCredentials.create(credential(BOB, 'cred-1'));
    });
  });
}

export function webauthnChallengesContract(s: SubjectRef): void {
  describe('webauthn challenges', () => {
    it('create() stores the hash, purpose and user; consume() returns it once', async () => {
      const expiresAt = s.clock.now() + 300 * SECOND;
      const created = await s.storage.webauthnChallenges.create({
        challengeHash: hash(1),
        purpose: 'mfa',
        userId: ALICE,
        expiresAt,
      });
      expect(created).toEqual({
        id: expect.any(String),
        challengeHash: hash(1),
        purpose: 'mfa',
        userId: ALICE,
        createdAt: s.clock.now(),
        expiresAt,
      });
      expect(await s.storage.webauthnChallenges.consume(created.id)).toEqual(created);
      expect(await s.storage.webauthnChallenges.consume(created.id)).toBeNull();
      expect(await s.storage.webauthnChallenges.consume('unknown')).toBeNull();
    });

    it('a discoverable sign-in challenge has no user; an expired one is still returned', async () => {
      const created = await s.storage.webauthnChallenges.create({
        challengeHash: hash(2),
        purpose: 'authentication',
        userId: null,
        expiresAt: s.clock.now() + SECOND,
      });
      s.clock.advance(5);
      expect(await s.storage.webauthnChallenges.consume(created.id)).toMatchObject({
        purpose: 'authentication',
        userId: null,
      });
    });

    it('consume() hands a challenge to exactly one of concurrent callers', async () => {
      const created = await s.storage.webauthnChallenges.create({
        challengeHash: hash(3),
        purpose: 'registration',
        userId: ALICE,
        expiresAt: s.clock.now() + 60 * SECOND,
      });
      const results = await Promise.all(
        Array.from({ length: 8 }, () => s.storage.webauthnChallenges.consume(created.id)),
      );
      expect(results.filter((r) => r !== null)).toHaveLength(1);
    });

    it('purgeExpired() deletes expired challenges only', async () => {
      const make = (n: number, ttl: number) =>
        s.storage.webauthnChallenges.create({
          challengeHash: hash(n),
          purpose: 'authentication',
          userId: null,
          expiresAt: s.clock.now() + ttl * SECOND,
        });
      await make(1, 1);
      await make(2, 2);
      const live = await make(3, 100);
      s.clock.advance(10);
      expect(await s.storage.webauthnChallenges.purgeExpired()).toBe(2);
      expect(await s.storage.webauthnChallenges.purgeExpired()).toBe(0);
      expect(await s.storage.webauthnChallenges.consume(live.id)).not.toBeNull();
    });
  });
}
