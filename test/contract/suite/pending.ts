import { describe, expect, it } from 'vitest';
import type { NewPending } from '../../../src/model/records.js';
import { concurrently, ID_SHAPE, MINUTE, type SubjectRef } from './subject.js';

export function pendingContract(s: SubjectRef): void {
  const pending = (overrides: Partial<NewPending> = {}): NewPending => ({
    email: 'alice@example.com',
    hashedPassword: 'hash',
    fullName: 'Alice',
    tokenHash: 'a'.repeat(64),
    expiresAt: s.clock.now() + 30 * MINUTE,
    ...overrides,
  });

  describe('pending registrations', () => {
    it('pending.upsert() stores a row with a fresh id and created_at = now', async () => {
      const input = pending();
      const row = await s.storage.pending.upsert(input);
      expect(row).toEqual({
        id: row.id,
        email: input.email,
        hashedPassword: 'hash',
        fullName: 'Alice',
        tokenHash: input.tokenHash,
        createdAt: s.clock.now(),
        expiresAt: input.expiresAt,
      });
      expect(row.id).toMatch(ID_SHAPE[s.storage.kind]);
      expect(await s.storage.pending.findByEmail(input.email)).toEqual(row);
    });

    it('pending.upsert() accepts a row without a password (Decision 12)', async () => {
      await s.storage.pending.upsert(pending({ hashedPassword: null, fullName: null }));
      expect(await s.storage.pending.findByEmail('alice@example.com')).toMatchObject({
        hashedPassword: null,
        fullName: null,
      });
    });

    it('pending.upsert() replaces the row of the same email, so the old token stops working', async () => {
      const first = await s.storage.pending.upsert(pending());
      s.clock.advance(10);
      const second = await s.storage.pending.upsert(
        pending({ tokenHash: 'b'.repeat(64), hashedPassword: 'other', fullName: null }),
      );
      expect(await s.storage.pending.findByTokenHash(first.tokenHash)).toBeNull();
      expect(await s.storage.pending.findByTokenHash(second.tokenHash)).toEqual(second);
      expect(second).toMatchObject({
        hashedPassword: 'other',
        fullName: null,
        createdAt: s.clock.now(),
      });
      expect(await s.storage.pending.countUnexpired()).toBe(1);
    });

    it('pending.upsert() called 20 times at once for one email leaves one row', async () => {
      const hashes = Array.from({ length: 20 }, (_, i) => i.toString(16).padStart(64, '0'));
      const results = await concurrently(20, (i) =>
        s.storage.pending.upsert(pending({ tokenHash: hashes[i] })),
      );
      expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
      expect(await s.storage.pending.countUnexpired()).toBe(1);
      const survivor = await s.storage.pending.findByEmail('alice@example.com');
      expect(hashes).toContain(survivor?.tokenHash);
      const found = await Promise.all(hashes.map((h) => s.storage.pending.findByTokenHash(h)));
      expect(found.filter((row) => row !== null)).toHaveLength(1);
    });

    it('pending.findByTokenHash() and findByEmail() return expired rows too', async () => {
      const row = await s.storage.pending.upsert(pending({ expiresAt: s.clock.now() + MINUTE }));
      s.clock.advance(3600);
      expect(await s.storage.pending.findByTokenHash(row.tokenHash)).toEqual(row);
      expect(await s.storage.pending.findByEmail(row.email)).toEqual(row);
      expect(await s.storage.pending.findByTokenHash('c'.repeat(64))).toBeNull();
      expect(await s.storage.pending.findByEmail('nobody@example.com')).toBeNull();
    });

    it('pending.consumeByTokenHash() returns the row once and deletes it', async () => {
      const row = await s.storage.pending.upsert(pending());
      expect(await s.storage.pending.consumeByTokenHash(row.tokenHash)).toEqual(row);
      expect(await s.storage.pending.consumeByTokenHash(row.tokenHash)).toBeNull();
      expect(await s.storage.pending.findByEmail(row.email)).toBeNull();
    });

    it('pending.consumeByTokenHash() called 20 times at once has exactly one winner', async () => {
      const row = await s.storage.pending.upsert(pending());
      const results = await concurrently(20, () =>
        s.storage.pending.consumeByTokenHash(row.tokenHash),
      );
      const winners = results.filter((r) => r.status === 'fulfilled' && r.value !== null);
      expect(winners).toHaveLength(1);
      expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    });

    it('pending.deleteByEmail() returns how many rows it removed', async () => {
      await s.storage.pending.upsert(pending());
      await s.storage.pending.upsert(
        pending({ email: 'bob@example.com', tokenHash: 'b'.repeat(64) }),
      );
      expect(await s.storage.pending.deleteByEmail('alice@example.com')).toBe(1);
      expect(await s.storage.pending.deleteByEmail('alice@example.com')).toBe(0);
      expect(await s.storage.pending.findByEmail('bob@example.com')).not.toBeNull();
    });

    it('pending.purgeExpired() deletes rows with expires_at < now and returns the count', async () => {
      const now = s.clock.now();
      await s.storage.pending.upsert(
        pending({ email: 'a@example.com', tokenHash: '1'.repeat(64), expiresAt: now - 1 }),
      );
      await s.storage.pending.upsert(
        pending({ email: 'b@example.com', tokenHash: '2'.repeat(64), expiresAt: now - MINUTE }),
      );
      await s.storage.pending.upsert(
        pending({ email: 'c@example.com', tokenHash: '3'.repeat(64), expiresAt: now }),
      );
      await s.storage.pending.upsert(
        pending({ email: 'd@example.com', tokenHash: '4'.repeat(64), expiresAt: now + 1 }),
      );
      expect(await s.storage.pending.purgeExpired()).toBe(2);
      expect(await s.storage.pending.findByEmail('a@example.com')).toBeNull();
      expect(await s.storage.pending.findByEmail('c@example.com')).not.toBeNull();
      expect(await s.storage.pending.purgeExpired()).toBe(0);
      s.clock.advanceMicros(2);
      expect(await s.storage.pending.purgeExpired()).toBe(2);
    });

    it('pending.countUnexpired() counts rows with expires_at > now on the injected clock', async () => {
      const now = s.clock.now();
      await s.storage.pending.upsert(
        pending({ email: 'a@example.com', tokenHash: '1'.repeat(64), expiresAt: now }),
      );
      await s.storage.pending.upsert(
        pending({ email: 'b@example.com', tokenHash: '2'.repeat(64), expiresAt: now + 1 }),
      );
      await s.storage.pending.upsert(
        pending({ email: 'c@example.com', tokenHash: '3'.repeat(64), expiresAt: now + MINUTE }),
      );
      expect(await s.storage.pending.countUnexpired()).toBe(2);
      s.clock.advanceMicros(1);
      expect(await s.storage.pending.countUnexpired()).toBe(1);
      s.clock.advance(60);
      expect(await s.storage.pending.countUnexpired()).toBe(0);
    });
  });
}
