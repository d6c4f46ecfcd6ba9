import { describe, expect, it } from 'vitest';
import { MINUTE, type SubjectRef } from './subject.js';

export function sessionsContract(s: SubjectRef): void {
  describe('session lookup', () => {
    it('sessions.load() returns the user and revoked = false in one call', async () => {
      const user = await s.storage.users.create({ email: 'a@example.com', hashedPassword: 'h' });
      expect(await s.storage.sessions.load(user.id, 'jti-1')).toEqual({ user, revoked: false });
    });

    it('sessions.load() reports a revoked jti', async () => {
      const user = await s.storage.users.create({ email: 'a@example.com', hashedPassword: 'h' });
      await s.storage.blacklist.revoke('jti-1', s.clock.now() + MINUTE);
      expect(await s.storage.sessions.load(user.id, 'jti-1')).toEqual({ user, revoked: true });
      expect(await s.storage.sessions.load(user.id, 'jti-2')).toEqual({ user, revoked: false });
    });

    it('sessions.load() still reports the revocation flag when the user is gone', async () => {
      await s.storage.blacklist.revoke('jti-1', s.clock.now() + MINUTE);
      expect(await s.storage.sessions.load('f'.repeat(32), 'jti-1')).toEqual({
        user: null,
        revoked: true,
      });
      expect(await s.storage.sessions.load('f'.repeat(32), 'jti-2')).toEqual({
        user: null,
        revoked: false,
      });
    });

    it('sessions.load() ignores a blacklist entry once it has expired', async () => {
      const user = await s.storage.users.create({ email: 'a@example.com', hashedPassword: 'h' });
      await s.storage.blacklist.revoke('jti-1', s.clock.now() + MINUTE);
      s.clock.advance(60);
      expect((await s.storage.sessions.load(user.id, 'jti-1')).revoked).toBe(false);
    });

    it('sessions.load() sees every change at once (no cache)', async () => {
      const user = await s.storage.users.create({ email: 'a@example.com', hashedPassword: 'h' });
      expect((await s.storage.sessions.load(user.id, 'jti'))?.user?.isActive).toBe(true);
      s.clock.advanceMicros(7);
      await s.storage.users.deactivate(user.id);
      expect((await s.storage.sessions.load(user.id, 'jti')).user).toMatchObject({
        isActive: false,
        tokensInvalidatedAfter: s.clock.now(),
      });
      await s.storage.users.delete(user.id);
      expect((await s.storage.sessions.load(user.id, 'jti')).user).toBeNull();
    });
  });
}
