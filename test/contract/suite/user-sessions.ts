import { describe, expect, it } from 'vitest';
import type { NewUserSession } from '../../../src/model/records.js';
import { ID_SHAPE, MINUTE, SECOND, type SubjectRef } from './subject.js';

const ALICE = 'a'.repeat(32);
const BOB = 'b'.repeat(32);

export function userSessionsContract(s: SubjectRef): void {
  const session = (overrides: Partial<NewUserSession> = {}): NewUserSession => ({
    userId: ALICE,
    jti: `jti-${Math.random().toString(36).slice(2)}`,
    createdAt: s.clock.now(),
    expiresAt: s.clock.now() + 60 * MINUTE,
    userAgent: 'Mozilla/5.0 (Test)',
    ip: '203.0.113.7',
    method: 'password',
    ...overrides,
  });

  describe('user sessions', () => {
    it('userSessions.create() assigns an id of its own and keeps every field', async () => {
      const input = session({ jti: 'the-jti' });
      const row = await s.storage.userSessions.create(input);
      expect(row).toEqual({ id: row.id, ...input });
      expect(row.id).toMatch(ID_SHAPE[s.storage.kind]);
      expect(row.id).not.toBe('the-jti');
      expect(await s.storage.userSessions.get(ALICE, row.id)).toEqual(row);
    });

    it('userSessions.create() keeps a null user agent and address', async () => {
      const row = await s.storage.userSessions.create(session({ userAgent: null, ip: null }));
      expect(await s.storage.userSessions.get(ALICE, row.id)).toMatchObject({
        userAgent: null,
        ip: null,
      });
    });

    it('userSessions.get() returns null for another user, an unknown or a malformed id', async () => {
      const row = await s.storage.userSessions.create(session());
      expect(await s.storage.userSessions.get(BOB, row.id)).toBeNull();
      expect(await s.storage.userSessions.get(ALICE, '0'.repeat(row.id.length))).toBeNull();
      expect(await s.storage.userSessions.get(ALICE, 'not an id')).toBeNull();
    });

    it('userSessions.listLive() lists unexpired sessions newest first, for that user only', async () => {
      const first = await s.storage.userSessions.create(session());
      s.clock.advanceMicros(SECOND + 1);
      const second = await s.storage.userSessions.create(session());
      await s.storage.userSessions.create(session({ userId: BOB }));
      await s.storage.userSessions.create(
        session({ expiresAt: s.clock.now() + 30 * SECOND, method: 'mfa_sms' }),
      );
      const all = await s.storage.userSessions.listLive(ALICE, null);
      expect(all).toHaveLength(3);
      s.clock.advanceMicros(30 * SECOND);
      const live = await s.storage.userSessions.listLive(ALICE, null);
      expect(live.map((r) => r.id)).toEqual([second.id, first.id]);
    });

    it('userSessions.listLive() leaves out sessions created at or before the cut-off', async () => {
      const old = await s.storage.userSessions.create(session());
      s.clock.advanceMicros(1);
      const fresh = await s.storage.userSessions.create(session());
      const listed = await s.storage.userSessions.listLive(ALICE, old.createdAt);
      expect(listed.map((r) => r.id)).toEqual([fresh.id]);
    });

    it('userSessions.delete() removes the user’s row once, never another user’s', async () => {
      const row = await s.storage.userSessions.create(session());
      expect(await s.storage.userSessions.delete(BOB, row.id)).toBe(false);
      expect(await s.storage.userSessions.delete(ALICE, 'not an id')).toBe(false);
      expect(await s.storage.userSessions.delete(ALICE, row.id)).toBe(true);
      expect(await s.storage.userSessions.delete(ALICE, row.id)).toBe(false);
      expect(await s.storage.userSessions.get(ALICE, row.id)).toBeNull();
    });

    it('userSessions.deleteByJti() and deleteByUserId() remove the matching rows', async () => {
      await s.storage.userSessions.create(session({ jti: 'one' }));
      await s.storage.userSessions.create(session({ jti: 'two' }));
      await s.storage.userSessions.create(session({ jti: 'three', userId: BOB }));
      expect(await s.storage.userSessions.deleteByJti('one')).toBe(true);
      expect(await s.storage.userSessions.deleteByJti('one')).toBe(false);
      expect(await s.storage.userSessions.deleteByUserId(ALICE)).toBe(1);
      expect(await s.storage.userSessions.listLive(ALICE, null)).toEqual([]);
      expect(await s.storage.userSessions.listLive(BOB, null)).toHaveLength(1);
    });

    it('userSessions.purgeExpired() deletes expired rows only', async () => {
      await s.storage.userSessions.create(session({ expiresAt: s.clock.now() + SECOND }));
      await s.storage.userSessions.create(session());
      s.clock.advanceMicros(2 * SECOND);
      expect(await s.storage.userSessions.purgeExpired()).toBe(1);
      expect(await s.storage.userSessions.listLive(ALICE, null)).toHaveLength(1);
    });
  });
}
