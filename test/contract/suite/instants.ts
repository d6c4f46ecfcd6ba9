import { describe, expect, it } from 'vitest';
import { MINUTE, type SubjectRef } from './subject.js';

/** An instant with every microsecond digit set, to catch millisecond truncation. */
const ODD_MICROS = 123_457;

export function instantsContract(s: SubjectRef): void {
  describe('instants', () => {
    it('every stored instant comes back to the same microsecond', async () => {
      s.clock.advanceMicros(ODD_MICROS);
      const now = s.clock.now();
      const cut = now + 987_653;
      const user = await s.storage.users.create({ email: 'a@example.com', hashedPassword: 'h' });
      await s.storage.users.setTokensInvalidatedAfter(user.id, cut);
      await s.storage.users.setLastLogin(user.id, cut + 1);
      expect(await s.storage.users.getById(user.id)).toMatchObject({
        createdAt: now,
        updatedAt: now,
        tokensInvalidatedAfter: cut,
        lastLogin: cut + 1,
      });
      expect((await s.storage.sessions.load(user.id, 'j')).user?.tokensInvalidatedAfter).toBe(cut);

      const pending = await s.storage.pending.upsert({
        email: 'p@example.com',
        hashedPassword: 'h',
        fullName: null,
        tokenHash: 'a'.repeat(64),
        expiresAt: cut + 3,
      });
      expect(await s.storage.pending.findByEmail('p@example.com')).toEqual(pending);
      expect(pending).toMatchObject({ createdAt: now, expiresAt: cut + 3 });

      await s.storage.mfaCodes.put({
        userId: user.id,
        kind: 'phone_setup',
        codeHash: 'c'.repeat(64),
        expiresAt: cut + 5,
        maxAttempts: 3,
      });
      expect(await s.storage.mfaCodes.find(user.id, 'phone_setup')).toMatchObject({
        expiresAt: cut + 5,
        createdAt: now,
      });
    });

    it('records returned by writes carry the same microseconds as those read back', async () => {
      s.clock.advanceMicros(ODD_MICROS);
      const now = s.clock.now();
      const user = await s.storage.users.create({ email: 'a@example.com', hashedPassword: 'h' });
      expect(user).toMatchObject({ createdAt: now, updatedAt: now });
      const identity = await s.storage.oauthIdentities.create({
        userId: user.id,
        provider: 'google',
        subjectId: 'sub',
        email: null,
      });
      expect(identity.linkedAt).toBe(now);
      const state = await s.storage.oauthStates.create({
        id: 'state-with-odd-micros',
        provider: 'google',
        codeVerifier: 'v'.repeat(43),
        nonce: 'n'.repeat(22),
        redirectTo: '/',
        mode: 'signin',
        linkingUserId: null,
        expiresAt: now + 7,
      });
      expect(state).toMatchObject({ createdAt: now, expiresAt: now + 7 });
      expect(await s.storage.oauthStates.find(state.id)).toEqual(state);
    });

    it('instants are compared at microsecond precision', async () => {
      s.clock.advanceMicros(ODD_MICROS);
      const exp = s.clock.now() + 1;
      await s.storage.blacklist.revoke('jti', exp);
      expect(await s.storage.blacklist.isRevoked('jti')).toBe(true);
      s.clock.advanceMicros(1);
      expect(await s.storage.blacklist.isRevoked('jti')).toBe(false);
    });

    it('instants far from the fake clock start round-trip too', async () => {
      const instants = [
        Date.UTC(1999, 11, 31, 23, 59, 59) * 1000 + 999_999,
        Date.UTC(2100, 5, 1) * 1000 + 1,
      ];
      for (const [i, instant] of instants.entries()) {
        s.clock.set(instant);
        const user = await s.storage.users.create({
          email: `u${i}@example.com`,
          hashedPassword: 'h',
        });
        expect((await s.storage.users.getById(user.id))?.createdAt).toBe(instant);
      }
      s.clock.set(instants[0] ?? 0);
      await s.storage.blacklist.revoke('x', s.clock.now() + MINUTE);
      expect(await s.storage.blacklist.isRevoked('x')).toBe(true);
    });
  });
}
