import { describe, expect, it } from 'vitest';
import { SECOND, type SubjectRef } from './subject.js';

export function loginAttemptsContract(s: SubjectRef): void {
  describe('login attempts', () => {
    it('attempts.countRecent() counts failures in the window and reports the oldest', async () => {
      const first = s.clock.now();
      await s.storage.attempts.recordFailure('alice@example.com', '203.0.113.7');
      s.clock.advanceMicros(10 * SECOND + 3);
      await s.storage.attempts.recordFailure('alice@example.com', null);
      await s.storage.attempts.recordFailure('bob@example.com', null);
      expect(await s.storage.attempts.countRecent('alice@example.com', 900)).toEqual({
        count: 2,
        oldest: first,
      });
      expect(await s.storage.attempts.countRecent('carol@example.com', 900)).toEqual({
        count: 0,
        oldest: null,
      });
    });

    it('attempts.countRecent() counts a failure exactly window seconds old, not older', async () => {
      const first = s.clock.now();
      await s.storage.attempts.recordFailure('alice@example.com', null);
      s.clock.advance(5);
      const second = s.clock.now();
      await s.storage.attempts.recordFailure('alice@example.com', null);
      s.clock.advance(10);
      expect(await s.storage.attempts.countRecent('alice@example.com', 15)).toEqual({
        count: 2,
        oldest: first,
      });
      s.clock.advanceMicros(1);
      expect(await s.storage.attempts.countRecent('alice@example.com', 15)).toEqual({
        count: 1,
        oldest: second,
      });
    });

    it('attempts.countRecentByClient() counts all clients and one client in one read', async () => {
      const first = s.clock.now();
      await s.storage.attempts.recordFailure('alice@example.com', '203.0.113.7');
      s.clock.advance(1);
      const second = s.clock.now();
      await s.storage.attempts.recordFailure('alice@example.com', '198.51.100.2');
      s.clock.advance(1);
      const third = s.clock.now();
      await s.storage.attempts.recordFailure('alice@example.com', null);
      await s.storage.attempts.recordFailure('alice@example.com', '198.51.100.2');
      await s.storage.attempts.recordFailure('bob@example.com', '198.51.100.2');
      expect(
        await s.storage.attempts.countRecentByClient('alice@example.com', '198.51.100.2', 900),
      ).toEqual({ all: { count: 4, oldest: first }, client: { count: 2, oldest: second } });
      expect(await s.storage.attempts.countRecentByClient('alice@example.com', null, 900)).toEqual({
        all: { count: 4, oldest: first },
        client: { count: 1, oldest: third },
      });
      expect(
        await s.storage.attempts.countRecentByClient('alice@example.com', '192.0.2.9', 900),
      ).toEqual({ all: { count: 4, oldest: first }, client: { count: 0, oldest: null } });
      s.clock.advance(899);
      expect(
        await s.storage.attempts.countRecentByClient('alice@example.com', '203.0.113.7', 900),
      ).toEqual({ all: { count: 3, oldest: second }, client: { count: 0, oldest: null } });
    });

    it('attempts.clear() deletes every failure of one email and returns the count', async () => {
      await s.storage.attempts.recordFailure('alice@example.com', null);
      await s.storage.attempts.recordFailure('alice@example.com', null);
      await s.storage.attempts.recordFailure('bob@example.com', null);
      expect(await s.storage.attempts.clear('alice@example.com')).toBe(2);
      expect(await s.storage.attempts.clear('alice@example.com')).toBe(0);
      expect((await s.storage.attempts.countRecent('bob@example.com', 60)).count).toBe(1);
    });

    it('attempts.purgeExpired() deletes failures older than the window and returns the count', async () => {
      await s.storage.attempts.recordFailure('alice@example.com', null);
      await s.storage.attempts.recordFailure('bob@example.com', null);
      s.clock.advance(60);
      await s.storage.attempts.recordFailure('alice@example.com', null);
      expect(await s.storage.attempts.purgeExpired(60)).toBe(0);
      s.clock.advanceMicros(1);
      expect(await s.storage.attempts.purgeExpired(60)).toBe(2);
      expect((await s.storage.attempts.countRecent('alice@example.com', 3600)).count).toBe(1);
    });
  });
}
