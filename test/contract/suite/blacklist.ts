import { describe, expect, it } from 'vitest';
import { concurrently, MINUTE, type SubjectRef } from './subject.js';

export function blacklistContract(s: SubjectRef): void {
  describe('token blacklist', () => {
    it('blacklist.revoke() makes isRevoked() true for that jti only', async () => {
      await s.storage.blacklist.revoke('jti-1', s.clock.now() + MINUTE);
      expect(await s.storage.blacklist.isRevoked('jti-1')).toBe(true);
      expect(await s.storage.blacklist.isRevoked('jti-2')).toBe(false);
    });

    it('blacklist.revoke() is idempotent', async () => {
      await s.storage.blacklist.revoke('jti-1', s.clock.now() + MINUTE);
      await s.storage.blacklist.revoke('jti-1', s.clock.now() + 2 * MINUTE);
      expect(await s.storage.blacklist.isRevoked('jti-1')).toBe(true);
    });

    it('blacklist.isRevoked() ignores an entry once exp is not after now', async () => {
      const exp = s.clock.now() + MINUTE;
      await s.storage.blacklist.revoke('jti-1', exp);
      s.clock.set(exp - 1);
      expect(await s.storage.blacklist.isRevoked('jti-1')).toBe(true);
      s.clock.set(exp);
      expect(await s.storage.blacklist.isRevoked('jti-1')).toBe(false);
    });

    it('blacklist.redeem() is true the first time and false after', async () => {
      const exp = s.clock.now() + MINUTE;
      expect(await s.storage.blacklist.redeem('reset-1', exp)).toBe(true);
      expect(await s.storage.blacklist.redeem('reset-1', exp)).toBe(false);
      expect(await s.storage.blacklist.redeem('reset-2', exp)).toBe(true);
    });

    it('blacklist.redeem() called 20 times at once for one jti is true exactly once', async () => {
      const exp = s.clock.now() + MINUTE;
      const results = await concurrently(20, () => s.storage.blacklist.redeem('race', exp));
      expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
      expect(results.filter((r) => r.status === 'fulfilled' && r.value === true)).toHaveLength(1);
    });

    it('blacklist.redeem() is false for a jti already revoked', async () => {
      await s.storage.blacklist.revoke('jti-1', s.clock.now() + MINUTE);
      expect(await s.storage.blacklist.redeem('jti-1', s.clock.now() + MINUTE)).toBe(false);
    });

    it('blacklist.purgeExpired() deletes entries with exp < now and returns the count', async () => {
      const now = s.clock.now();
      await s.storage.blacklist.revoke('old-1', now - MINUTE);
      await s.storage.blacklist.revoke('old-2', now - 1);
      await s.storage.blacklist.revoke('edge', now);
      await s.storage.blacklist.redeem('live', now + MINUTE);
      expect(await s.storage.blacklist.purgeExpired()).toBe(2);
      expect(await s.storage.blacklist.purgeExpired()).toBe(0);
      expect(await s.storage.blacklist.isRevoked('live')).toBe(true);
      // A purged single-use jti could be redeemed again, but its token has expired too.
      expect(await s.storage.blacklist.redeem('old-1', now - MINUTE)).toBe(true);
    });
  });
}
