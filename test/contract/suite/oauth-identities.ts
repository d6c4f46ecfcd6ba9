import { describe, expect, it } from 'vitest';
import { OAuthIdentityAlreadyLinkedError } from '../../../src/errors/errors.js';
import type { NewOAuthIdentity } from '../../../src/model/records.js';
import { ID_SHAPE, SECOND, type SubjectRef } from './subject.js';

const ALICE = 'a'.repeat(32);
const BOB = 'b'.repeat(32);

export function oauthIdentitiesContract(s: SubjectRef): void {
  const identity = (overrides: Partial<NewOAuthIdentity> = {}): NewOAuthIdentity => ({
    userId: ALICE,
    provider: 'google',
    subjectId: 'sub-alice',
    email: 'alice@example.com',
    ...overrides,
  });

  describe('OAuth identities', () => {
    it('oauthIdentities.create() assigns an id and linked_at = now', async () => {
      const row = await s.storage.oauthIdentities.create(identity());
      expect(row).toEqual({
        id: row.id,
        userId: ALICE,
        provider: 'google',
        subjectId: 'sub-alice',
        email: 'alice@example.com',
        linkedAt: s.clock.now(),
        lastUsedAt: null,
      });
      expect(row.id).toMatch(ID_SHAPE[s.storage.kind]);
      expect(await s.storage.oauthIdentities.findBySubject('google', 'sub-alice')).toEqual(row);
    });

    it('oauthIdentities.create() rejects a provider subject linked to anyone already', async () => {
      await s.storage.oauthIdentities.create(identity());
      await expect(
        s.storage.oauthIdentities.create(identity({ userId: BOB, email: null })),
      ).rejects.toBeInstanceOf(OAuthIdentityAlreadyLinkedError);
    });

    it('oauthIdentities.create() rejects a second identity of one provider for one user', async () => {
      await s.storage.oauthIdentities.create(identity());
      await expect(
        s.storage.oauthIdentities.create(identity({ subjectId: 'another-sub' })),
      ).rejects.toBeInstanceOf(OAuthIdentityAlreadyLinkedError);
      await s.storage.oauthIdentities.create(
        identity({ provider: 'github', subjectId: 'another-sub' }),
      );
    });

    it('oauthIdentities.findBySubject() returns null when nothing matches', async () => {
      await s.storage.oauthIdentities.create(identity());
      expect(await s.storage.oauthIdentities.findBySubject('github', 'sub-alice')).toBeNull();
      expect(await s.storage.oauthIdentities.findBySubject('google', 'sub-bob')).toBeNull();
    });

    it('oauthIdentities.listForUser() orders by linked_at ascending', async () => {
      await s.storage.oauthIdentities.create(identity({ provider: 'zeta', subjectId: '1' }));
      s.clock.advanceMicros(SECOND + 1);
      await s.storage.oauthIdentities.create(identity({ provider: 'alpha', subjectId: '2' }));
      await s.storage.oauthIdentities.create(
        identity({ userId: BOB, provider: 'mid', subjectId: '3' }),
      );
      const list = await s.storage.oauthIdentities.listForUser(ALICE);
      expect(list.map((i) => i.provider)).toEqual(['zeta', 'alpha']);
      expect(await s.storage.oauthIdentities.listForUser('c'.repeat(32))).toEqual([]);
    });

    it('oauthIdentities.delete() returns true once, then false', async () => {
      await s.storage.oauthIdentities.create(identity());
      expect(await s.storage.oauthIdentities.delete(ALICE, 'google')).toBe(true);
      expect(await s.storage.oauthIdentities.delete(ALICE, 'google')).toBe(false);
      expect(await s.storage.oauthIdentities.findBySubject('google', 'sub-alice')).toBeNull();
    });

    it('oauthIdentities.deleteByUserId() removes every identity of a user and returns the count', async () => {
      await s.storage.oauthIdentities.create(identity());
      await s.storage.oauthIdentities.create(identity({ provider: 'github', subjectId: 'gh' }));
      await s.storage.oauthIdentities.create(identity({ userId: BOB, subjectId: 'sub-bob' }));
      expect(await s.storage.oauthIdentities.deleteByUserId(ALICE)).toBe(2);
      expect(await s.storage.oauthIdentities.deleteByUserId(ALICE)).toBe(0);
      expect(await s.storage.oauthIdentities.listForUser(BOB)).toHaveLength(1);
    });

    it('oauthIdentities.touchLastUsed() records when the identity was last used', async () => {
      await s.storage.oauthIdentities.create(identity());
      const when = s.clock.now() + 42 * SECOND + 7;
      await s.storage.oauthIdentities.touchLastUsed('google', 'sub-alice', when);
      await s.storage.oauthIdentities.touchLastUsed('google', 'unknown', when);
      expect(await s.storage.oauthIdentities.findBySubject('google', 'sub-alice')).toMatchObject({
        lastUsedAt: when,
      });
    });
  });
}
