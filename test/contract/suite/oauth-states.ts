import { describe, expect, it } from 'vitest';
import type { NewOAuthState } from '../../../src/model/records.js';
import { concurrently, MINUTE, type SubjectRef } from './subject.js';

export function oauthStatesContract(s: SubjectRef): void {
  const state = (overrides: Partial<NewOAuthState> = {}): NewOAuthState => ({
    id: 's'.repeat(43),
    provider: 'google',
    codeVerifier: 'v'.repeat(86),
    nonce: 'n'.repeat(22),
    redirectTo: '/account',
    mode: 'signin',
    linkingUserId: null,
    expiresAt: s.clock.now() + 10 * MINUTE,
    ...overrides,
  });

  describe('OAuth states', () => {
    it('oauthStates.create() stores the state with created_at = now and no result', async () => {
      const input = state({ mode: 'link', linkingUserId: 'a'.repeat(32) });
      const row = await s.storage.oauthStates.create(input);
      expect(row).toEqual({
        ...input,
        createdAt: s.clock.now(),
        resultToken: null,
        wasNewAccount: null,
        completedAt: null,
      });
      expect(await s.storage.oauthStates.find(input.id)).toEqual(row);
      expect(await s.storage.oauthStates.find('unknown')).toBeNull();
    });

    it('oauthStates.find() returns expired states too', async () => {
      await s.storage.oauthStates.create(state({ expiresAt: s.clock.now() + 1 }));
      s.clock.advance(3600);
      expect(await s.storage.oauthStates.find(state().id)).not.toBeNull();
    });

    it('oauthStates.setResult() stores the token, whether the account is new, and completed_at = now', async () => {
      await s.storage.oauthStates.create(state());
      s.clock.advanceMicros(2_500_001);
      await s.storage.oauthStates.setResult(state().id, 'session.jwt', true);
      expect(await s.storage.oauthStates.find(state().id)).toMatchObject({
        resultToken: 'session.jwt',
        wasNewAccount: true,
        completedAt: s.clock.now(),
      });
      await s.storage.oauthStates.setResult(state().id, 'other.jwt', false);
      expect(await s.storage.oauthStates.find(state().id)).toMatchObject({ wasNewAccount: false });
    });

    it('oauthStates.consume() returns the state once and deletes it', async () => {
      const row = await s.storage.oauthStates.create(state());
      expect(await s.storage.oauthStates.consume(row.id)).toEqual(row);
      expect(await s.storage.oauthStates.consume(row.id)).toBeNull();
      expect(await s.storage.oauthStates.find(row.id)).toBeNull();
    });

    it('oauthStates.consume() called 20 times at once has exactly one winner', async () => {
      const row = await s.storage.oauthStates.create(state());
      const results = await concurrently(20, () => s.storage.oauthStates.consume(row.id));
      expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
      expect(results.filter((r) => r.status === 'fulfilled' && r.value !== null)).toHaveLength(1);
    });

    it('oauthStates.purgeExpired() deletes states with expires_at < now and returns the count', async () => {
      const now = s.clock.now();
      await s.storage.oauthStates.create(state({ id: 'old', expiresAt: now - 1 }));
      await s.storage.oauthStates.create(state({ id: 'edge', expiresAt: now }));
      await s.storage.oauthStates.create(state({ id: 'live', expiresAt: now + MINUTE }));
      expect(await s.storage.oauthStates.purgeExpired()).toBe(1);
      expect(await s.storage.oauthStates.find('edge')).not.toBeNull();
      s.clock.advanceMicros(1);
      expect(await s.storage.oauthStates.purgeExpired()).toBe(1);
      expect(await s.storage.oauthStates.find('live')).not.toBeNull();
    });
  });
}
