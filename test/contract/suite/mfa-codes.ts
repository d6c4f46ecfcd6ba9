import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { MfaVerifyOutcome, NewMfaCode } from '../../../src/model/records.js';
import { concurrently, MINUTE, type SubjectRef } from './subject.js';

const hash = (code: string): string => createHash('sha256').update(code).digest('hex');
const USER = 'a'.repeat(32);

export function mfaCodesContract(s: SubjectRef): void {
  const code = (overrides: Partial<NewMfaCode> = {}): NewMfaCode => ({
    userId: USER,
    kind: 'login_mfa',
    codeHash: hash('123456'),
    expiresAt: s.clock.now() + 5 * MINUTE,
    maxAttempts: 3,
    ...overrides,
  });
  const verify = (raw: string, kind: NewMfaCode['kind'] = 'login_mfa'): Promise<MfaVerifyOutcome> =>
    s.storage.mfaCodes.verify(USER, kind, hash(raw));

  describe('MFA codes', () => {
    it('mfaCodes.put() stores a code with no attempts and created_at = now', async () => {
      const input = code();
      await s.storage.mfaCodes.put(input);
      expect(await s.storage.mfaCodes.find(USER, 'login_mfa')).toEqual({
        userId: USER,
        kind: 'login_mfa',
        codeHash: input.codeHash,
        expiresAt: input.expiresAt,
        attempts: 0,
        maxAttempts: 3,
        createdAt: s.clock.now(),
      });
      expect(await s.storage.mfaCodes.find(USER, 'phone_setup')).toBeNull();
    });

    it('mfaCodes.put() replaces the code of the same user and kind and restarts attempts', async () => {
      await s.storage.mfaCodes.put(code());
      expect(await verify('000000')).toEqual({ outcome: 'wrong', attemptsRemaining: 2 });
      s.clock.advance(1);
      await s.storage.mfaCodes.put(code({ codeHash: hash('654321'), maxAttempts: 5 }));
      expect(await s.storage.mfaCodes.find(USER, 'login_mfa')).toMatchObject({
        codeHash: hash('654321'),
        attempts: 0,
        maxAttempts: 5,
        createdAt: s.clock.now(),
      });
    });

    it('mfaCodes.find() returns expired codes too', async () => {
      await s.storage.mfaCodes.put(code({ expiresAt: s.clock.now() + 1 }));
      s.clock.advance(3600);
      expect(await s.storage.mfaCodes.find(USER, 'login_mfa')).not.toBeNull();
    });

    it('mfaCodes.delete() removes one kind, or every kind without one', async () => {
      await s.storage.mfaCodes.put(code({ kind: 'login_mfa' }));
      await s.storage.mfaCodes.put(code({ kind: 'phone_setup' }));
      await s.storage.mfaCodes.put(code({ userId: 'b'.repeat(32) }));
      expect(await s.storage.mfaCodes.delete(USER, 'phone_setup')).toBe(1);
      expect(await s.storage.mfaCodes.find(USER, 'phone_setup')).toBeNull();
      await s.storage.mfaCodes.put(code({ kind: 'phone_setup' }));
      expect(await s.storage.mfaCodes.delete(USER)).toBe(2);
      expect(await s.storage.mfaCodes.delete(USER)).toBe(0);
      expect(await s.storage.mfaCodes.find('b'.repeat(32), 'login_mfa')).not.toBeNull();
    });

    it('mfaCodes.verify() accepts the right code once', async () => {
      await s.storage.mfaCodes.put(code());
      expect(await verify('123456')).toEqual({ outcome: 'ok' });
      expect(await verify('123456')).toEqual({ outcome: 'missing' });
      expect(await s.storage.mfaCodes.find(USER, 'login_mfa')).toBeNull();
    });

    it('mfaCodes.verify() reports missing when no code was issued for that kind', async () => {
      await s.storage.mfaCodes.put(code({ kind: 'phone_setup' }));
      expect(await verify('123456', 'login_mfa')).toEqual({ outcome: 'missing' });
    });

    it('mfaCodes.verify() with max 3: wrong(2), wrong(1), locked, then missing (§10.6)', async () => {
      await s.storage.mfaCodes.put(code({ maxAttempts: 3 }));
      expect(await verify('000000')).toEqual({ outcome: 'wrong', attemptsRemaining: 2 });
      expect((await s.storage.mfaCodes.find(USER, 'login_mfa'))?.attempts).toBe(1);
      expect(await verify('000000')).toEqual({ outcome: 'wrong', attemptsRemaining: 1 });
      expect(await verify('000000')).toEqual({ outcome: 'locked' });
      expect(await verify('123456')).toEqual({ outcome: 'missing' });
    });

    it('mfaCodes.verify() with max 2: wrong(1), locked, then the right code is missing (§10.6)', async () => {
      await s.storage.mfaCodes.put(code({ maxAttempts: 2 }));
      expect(await verify('000000')).toEqual({ outcome: 'wrong', attemptsRemaining: 1 });
      expect(await verify('111111')).toEqual({ outcome: 'locked' });
      expect(await verify('123456')).toEqual({ outcome: 'missing' });
    });

    it('mfaCodes.verify() after a re-issue rejects the old code and accepts the new one (§10.6)', async () => {
      await s.storage.mfaCodes.put(code());
      await s.storage.mfaCodes.put(code({ codeHash: hash('999999') }));
      expect(await verify('123456')).toEqual({ outcome: 'wrong', attemptsRemaining: 2 });
      expect(await verify('999999')).toEqual({ outcome: 'ok' });
    });

    it('mfaCodes.verify() reports expired once expires_at <= now and deletes the code', async () => {
      await s.storage.mfaCodes.put(code({ expiresAt: s.clock.now() + MINUTE }));
      s.clock.advance(60);
      expect(await verify('123456')).toEqual({ outcome: 'expired' });
      expect(await verify('123456')).toEqual({ outcome: 'missing' });
    });

    it('mfaCodes.verify() reports locked for a code with no attempts left', async () => {
      await s.storage.mfaCodes.put(code({ maxAttempts: 0 }));
      expect(await verify('123456')).toEqual({ outcome: 'locked' });
      expect(await s.storage.mfaCodes.find(USER, 'login_mfa')).toBeNull();
    });

    it('mfaCodes.verify() called 20 times at once with wrong codes never exceeds the budget', async () => {
      await s.storage.mfaCodes.put(code({ maxAttempts: 3 }));
      const results = await concurrently(20, () => verify('000000'));
      const outcomes = results.map((r) => (r.status === 'fulfilled' ? r.value.outcome : 'error'));
      expect(outcomes).not.toContain('error');
      expect(outcomes.filter((o) => o === 'wrong').length).toBeLessThanOrEqual(2);
      expect(outcomes).toContain('locked');
      expect(outcomes.every((o) => o === 'wrong' || o === 'locked' || o === 'missing')).toBe(true);
      expect(await verify('123456')).toEqual({ outcome: 'missing' });
    });

    it('mfaCodes.verify() called 20 times at once with the right code succeeds once', async () => {
      await s.storage.mfaCodes.put(code());
      const results = await concurrently(20, () => verify('123456'));
      const outcomes = results.map((r) => (r.status === 'fulfilled' ? r.value.outcome : 'error'));
      expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'missing')).toHaveLength(19);
    });

    it('mfaCodes.purgeExpired() deletes codes with expires_at < now and returns the count', async () => {
      const now = s.clock.now();
      await s.storage.mfaCodes.put(code({ kind: 'login_mfa', expiresAt: now - 1 }));
      await s.storage.mfaCodes.put(code({ kind: 'phone_setup', expiresAt: now }));
      expect(await s.storage.mfaCodes.purgeExpired()).toBe(1);
      expect(await s.storage.mfaCodes.find(USER, 'phone_setup')).not.toBeNull();
      s.clock.advanceMicros(1);
      expect(await s.storage.mfaCodes.purgeExpired()).toBe(1);
    });
  });
}
