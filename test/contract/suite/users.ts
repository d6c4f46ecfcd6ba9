import { describe, expect, it } from 'vitest';
import { DuplicateEmailError } from '../../../src/errors/errors.js';
import { concurrently, ID_SHAPE, SECOND, type SubjectRef } from './subject.js';

export function usersContract(s: SubjectRef): void {
  describe('users', () => {
    it('users.create() assigns a hex id, the defaults and created_at = updated_at = now', async () => {
      const user = await s.storage.users.create({
        email: 'alice@example.com',
        hashedPassword: 'h1',
      });
      expect(user.id).toMatch(ID_SHAPE[s.storage.kind]);
      expect(user).toEqual({
        id: user.id,
        email: 'alice@example.com',
        hashedPassword: 'h1',
        isActive: true,
        isVerified: false,
        isSuperuser: false,
        fullName: null,
        phoneNumber: null,
        isMfaEnabled: false,
        createdAt: s.clock.now(),
        updatedAt: s.clock.now(),
        lastLogin: null,
        tokensInvalidatedAfter: null,
      });
      expect(await s.storage.users.getById(user.id)).toEqual(user);
    });

    it('users.create() keeps the supplied flags, full name and a null password', async () => {
      const user = await s.storage.users.create({
        email: 'oauth@example.com',
        hashedPassword: null,
        isActive: false,
        isVerified: true,
        isSuperuser: true,
        fullName: 'Olive Auth',
      });
      expect(await s.storage.users.getById(user.id)).toMatchObject({
        hashedPassword: null,
        isActive: false,
        isVerified: true,
        isSuperuser: true,
        fullName: 'Olive Auth',
      });
    });

    it('users.create() rejects a second account with the same email', async () => {
      await s.storage.users.create({ email: 'alice@example.com', hashedPassword: 'h1' });
      await expect(
        s.storage.users.create({ email: 'alice@example.com', hashedPassword: 'h2' }),
      ).rejects.toBeInstanceOf(DuplicateEmailError);
      expect(await s.storage.users.count()).toBe(1);
    });

    it('users.create() called 20 times at once for one email makes one user', async () => {
      const results = await concurrently(20, (i) =>
        s.storage.users.create({ email: 'race@example.com', hashedPassword: `h${i}` }),
      );
      const created = results.filter((r) => r.status === 'fulfilled');
      const rejected = results.filter((r) => r.status === 'rejected');
      expect(created).toHaveLength(1);
      expect(rejected).toHaveLength(19);
      for (const r of rejected) expect(r.reason).toBeInstanceOf(DuplicateEmailError);
      expect(await s.storage.users.count()).toBe(1);
    });

    it('users.getById() and users.getByEmail() return null when nothing matches', async () => {
      expect(await s.storage.users.getById('0123456789abcdef0123456789abcdef')).toBeNull();
      expect(await s.storage.users.getByEmail('nobody@example.com')).toBeNull();
    });

    it('users.getByEmail() finds the user by its stored email', async () => {
      const user = await s.storage.users.create({ email: 'bob@example.com', hashedPassword: 'h' });
      await s.storage.users.create({ email: 'carol@example.com', hashedPassword: 'h' });
      expect(await s.storage.users.getByEmail('bob@example.com')).toEqual(user);
    });

    it('users.setLastLogin() and setTokensInvalidatedAfter() store the instant and bump updated_at', async () => {
      const user = await s.storage.users.create({ email: 'a@example.com', hashedPassword: 'h' });
      s.clock.advanceMicros(1_234_567);
      const login = s.clock.now() - 7;
      await s.storage.users.setLastLogin(user.id, login);
      await s.storage.users.setTokensInvalidatedAfter(user.id, login + 3);
      expect(await s.storage.users.getById(user.id)).toMatchObject({
        lastLogin: login,
        tokensInvalidatedAfter: login + 3,
        updatedAt: s.clock.now(),
        createdAt: user.createdAt,
      });
    });

    it('users.updatePassword() sets the hash and revokes sessions issued until now', async () => {
      const user = await s.storage.users.create({ email: 'a@example.com', hashedPassword: 'old' });
      s.clock.advance(5);
      await s.storage.users.updatePassword(user.id, 'new');
      expect(await s.storage.users.getById(user.id)).toMatchObject({
        hashedPassword: 'new',
        tokensInvalidatedAfter: s.clock.now(),
        updatedAt: s.clock.now(),
      });
    });

    it('users.rehashPassword() replaces the hash only while it still equals the expected one', async () => {
      const user = await s.storage.users.create({ email: 'a@example.com', hashedPassword: 'v1' });
      expect(await s.storage.users.rehashPassword(user.id, 'stale', 'v2')).toBe(false);
      expect((await s.storage.users.getById(user.id))?.hashedPassword).toBe('v1');
      s.clock.advance(1);
      expect(await s.storage.users.rehashPassword(user.id, 'v1', 'v2')).toBe(true);
      expect(await s.storage.users.getById(user.id)).toMatchObject({
        hashedPassword: 'v2',
        tokensInvalidatedAfter: null,
        updatedAt: s.clock.now(),
      });
      expect(await s.storage.users.rehashPassword('f'.repeat(32), 'v2', 'v3')).toBe(false);
    });

    it('users.setActive(), setSuperuser(), setVerified(), setFullName() and setPhoneAndMfa() set their fields', async () => {
      const user = await s.storage.users.create({ email: 'a@example.com', hashedPassword: 'h' });
      s.clock.advance(1);
      await s.storage.users.setActive(user.id, false);
      await s.storage.users.setSuperuser(user.id, true);
      await s.storage.users.setVerified(user.id, true);
      await s.storage.users.setFullName(user.id, 'Ada');
      await s.storage.users.setPhoneAndMfa(user.id, '+15555550100', true);
      expect(await s.storage.users.getById(user.id)).toMatchObject({
        isActive: false,
        isSuperuser: true,
        isVerified: true,
        fullName: 'Ada',
        phoneNumber: '+15555550100',
        isMfaEnabled: true,
        updatedAt: s.clock.now(),
        tokensInvalidatedAfter: null,
      });
      await s.storage.users.setFullName(user.id, null);
      await s.storage.users.setPhoneAndMfa(user.id, null, false);
      await s.storage.users.setActive(user.id, true);
      expect(await s.storage.users.getById(user.id)).toMatchObject({
        isActive: true,
        fullName: null,
        phoneNumber: null,
        isMfaEnabled: false,
      });
    });

    it('users.deactivate() clears is_active and revokes sessions in one step', async () => {
      const user = await s.storage.users.create({ email: 'a@example.com', hashedPassword: 'h' });
      s.clock.advance(2);
      await s.storage.users.deactivate(user.id);
      expect(await s.storage.users.getById(user.id)).toMatchObject({
        isActive: false,
        tokensInvalidatedAfter: s.clock.now(),
        updatedAt: s.clock.now(),
      });
    });

    it('users setters on an unknown id are silent no-ops', async () => {
      const ghost = 'f'.repeat(32);
      await s.storage.users.setLastLogin(ghost, s.clock.now());
      await s.storage.users.setTokensInvalidatedAfter(ghost, s.clock.now());
      await s.storage.users.updatePassword(ghost, 'h');
      await s.storage.users.setActive(ghost, false);
      await s.storage.users.deactivate(ghost);
      await s.storage.users.setSuperuser(ghost, true);
      await s.storage.users.setVerified(ghost, true);
      await s.storage.users.setFullName(ghost, 'x');
      await s.storage.users.setPhoneAndMfa(ghost, '+15555550100', true);
      expect(await s.storage.users.updateEmailAndRevoke(ghost, 'x@example.com')).toBe(false);
      expect(await s.storage.users.count()).toBe(0);
    });

    it('users.updateEmailAndRevoke() sets the email and the revocation cut-off together', async () => {
      const user = await s.storage.users.create({ email: 'old@example.com', hashedPassword: 'h' });
      s.clock.advance(3);
      expect(await s.storage.users.updateEmailAndRevoke(user.id, 'new@example.com')).toBe(true);
      expect(await s.storage.users.getByEmail('old@example.com')).toBeNull();
      expect(await s.storage.users.getByEmail('new@example.com')).toMatchObject({
        id: user.id,
        tokensInvalidatedAfter: s.clock.now(),
        updatedAt: s.clock.now(),
      });
    });

    it('users.updateEmailAndRevoke() with issuedAt changes nothing once the cut-off reached it', async () => {
      const user = await s.storage.users.create({ email: 'old@example.com', hashedPassword: 'h' });
      const issuedAt = s.clock.now();
      s.clock.advance(1);
      // Never revoked: the link is younger than any cut-off.
      expect(
        await s.storage.users.updateEmailAndRevoke(user.id, 'first@example.com', issuedAt),
      ).toBe(true);
      s.clock.advance(1);
      // A second link minted at the same instant is now older than the cut-off the first set.
      expect(
        await s.storage.users.updateEmailAndRevoke(user.id, 'second@example.com', issuedAt),
      ).toBe(false);
      expect((await s.storage.users.getById(user.id))?.email).toBe('first@example.com');
      expect(
        await s.storage.users.updateEmailAndRevoke(user.id, 'third@example.com', s.clock.now()),
      ).toBe(true);
    });

    it('users.updateEmailAndRevoke() rejects an email in use and changes nothing', async () => {
      const alice = await s.storage.users.create({
        email: 'alice@example.com',
        hashedPassword: 'h',
      });
      await s.storage.users.create({ email: 'bob@example.com', hashedPassword: 'h' });
      s.clock.advance(1);
      await expect(
        s.storage.users.updateEmailAndRevoke(alice.id, 'bob@example.com'),
      ).rejects.toBeInstanceOf(DuplicateEmailError);
      expect(await s.storage.users.getById(alice.id)).toEqual(alice);
    });

    it('users.delete() returns whether a row was removed', async () => {
      const user = await s.storage.users.create({ email: 'a@example.com', hashedPassword: 'h' });
      expect(await s.storage.users.delete(user.id)).toBe(true);
      expect(await s.storage.users.delete(user.id)).toBe(false);
      expect(await s.storage.users.getById(user.id)).toBeNull();
    });

    it('users.count() ANDs the given filters and counts everyone without them', async () => {
      const u = s.storage.users;
      await u.create({ email: 'a@example.com', hashedPassword: 'h', isVerified: true });
      await u.create({
        email: 'b@example.com',
        hashedPassword: 'h',
        isVerified: true,
        isSuperuser: true,
      });
      await u.create({ email: 'c@example.com', hashedPassword: 'h', isActive: false });
      expect(await u.count()).toBe(3);
      expect(await u.count({})).toBe(3);
      expect(await u.count({ isActive: true })).toBe(2);
      expect(await u.count({ isActive: false })).toBe(1);
      expect(await u.count({ isVerified: true })).toBe(2);
      expect(await u.count({ isVerified: true, isSuperuser: false })).toBe(1);
      expect(await u.count({ isActive: false, isVerified: true })).toBe(0);
    });

    it('users.count() follows every change of a flag, a deactivation and a deletion', async () => {
      const u = s.storage.users;
      const counts = async () => ({
        total: await u.count(),
        active: await u.count({ isActive: true }),
        inactive: await u.count({ isActive: false }),
        verified: await u.count({ isVerified: true }),
        superusers: await u.count({ isSuperuser: true }),
      });
      const a = await u.create({ email: 'a@example.com', hashedPassword: 'h' });
      const b = await u.create({ email: 'b@example.com', hashedPassword: 'h', isVerified: true });
      expect(await counts()).toEqual({
        total: 2,
        active: 2,
        inactive: 0,
        verified: 1,
        superusers: 0,
      });
      await u.setVerified(a.id, true);
      await u.setVerified(a.id, true);
      await u.setSuperuser(b.id, true);
      await u.setActive(b.id, false);
      expect(await counts()).toEqual({
        total: 2,
        active: 1,
        inactive: 1,
        verified: 2,
        superusers: 1,
      });
      await u.setActive(b.id, true);
      await u.deactivate(a.id);
      await u.setPhoneAndMfa(a.id, '+15555550100', true);
      expect(await counts()).toEqual({
        total: 2,
        active: 1,
        inactive: 1,
        verified: 2,
        superusers: 1,
      });
      await u.delete(b.id);
      await u.delete(b.id);
      expect(await counts()).toEqual({
        total: 1,
        active: 0,
        inactive: 1,
        verified: 1,
        superusers: 0,
      });
      await u.delete(a.id);
      expect(await counts()).toEqual({
        total: 0,
        active: 0,
        inactive: 0,
        verified: 0,
        superusers: 0,
      });
    });

    it('users.listPaged() orders by created_at, newest first unless asked otherwise', async () => {
      const emails = ['u0@example.com', 'u1@example.com', 'u2@example.com', 'u3@example.com'];
      for (const email of emails) {
        await s.storage.users.create({ email, hashedPassword: 'h' });
        s.clock.advanceMicros(SECOND + 1);
      }
      const newest = await s.storage.users.listPaged({ skip: 0, limit: 50 });
      expect(newest.map((u) => u.email)).toEqual([...emails].reverse());
      const oldest = await s.storage.users.listPaged({ skip: 1, limit: 2, newestFirst: false });
      expect(oldest.map((u) => u.email)).toEqual(['u1@example.com', 'u2@example.com']);
      expect(await s.storage.users.listPaged({ skip: 4, limit: 10 })).toEqual([]);
    });

    it('users.listPaged({ after }) starts just past a position, either way, ties broken by id', async () => {
      const u = s.storage.users;
      const created = [];
      for (const email of ['k0@example.com', 'k1@example.com', 'k2@example.com']) {
        created.push(await u.create({ email, hashedPassword: 'h' }));
        s.clock.advanceMicros(SECOND + 1);
      }
      // Two users in the same microsecond: only the id orders them.
      const twinA = await u.create({ email: 'k3@example.com', hashedPassword: 'h' });
      const twinB = await u.create({ email: 'k4@example.com', hashedPassword: 'h' });
      expect(twinA.createdAt).toBe(twinB.createdAt);
      const all = await u.listPaged({ skip: 0, limit: 50 });
      expect(all).toHaveLength(5);
      const cursorOf = (user: { createdAt: number; id: string }) => ({
        createdAt: user.createdAt,
        id: user.id,
      });
      // Walking newest first one page of two at a time visits every user once, in order.
      const walked = [];
      let after: { createdAt: number; id: string } | undefined;
      for (;;) {
        const page = await u.listPaged({ skip: 0, limit: 2, after });
        if (page.length === 0) break;
        walked.push(...page);
        const last = page[page.length - 1];
        if (last === undefined) break;
        after = cursorOf(last);
      }
      expect(walked.map((x) => x.id)).toEqual(all.map((x) => x.id));
      const [first, second] = all;
      if (first === undefined || second === undefined) throw new Error('unreachable');
      expect(first.createdAt).toBe(second.createdAt);
      expect((await u.listPaged({ skip: 0, limit: 50, after: cursorOf(first) }))[0]?.id).toBe(
        second.id,
      );
      // Oldest first, and skip counting from the cursor.
      const k0 = created[0];
      if (k0 === undefined) throw new Error('unreachable');
      const upward = await u.listPaged({
        skip: 1,
        limit: 50,
        newestFirst: false,
        after: cursorOf(k0),
      });
      expect(upward.map((x) => x.email)).toEqual(
        [...all]
          .reverse()
          .slice(2)
          .map((x) => x.email),
      );
      // Past the last user there is nothing.
      const oldest = all[all.length - 1];
      if (oldest === undefined) throw new Error('unreachable');
      expect(await u.listPaged({ skip: 0, limit: 50, after: cursorOf(oldest) })).toEqual([]);
    });
  });
}
