// Advisory class 2: a verification, reset or email-change link accepted for another account than its own, or still valid after the address it was sent to changed.
import { afterEach, describe, expect, it } from 'vitest';
import { createTestRegstack, HTTP_BACKENDS, type TestRegstack } from '../support/test-regstack.js';

const PASSWORD = 'hunter2hunter2';

/** The token with one payload claim replaced and the original signature kept. */
function withClaim(token: string, claim: string, value: unknown): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
  claims[claim] = value;
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}

function tokenIn(text: string | undefined): string {
  const token = /token=([\w.-]+)/.exec(text ?? '')?.[1];
  if (!token) throw new Error('no token in the mail');
  return token;
}

describe.each(HTTP_BACKENDS)(
  'class 2: links bound to their account and address on %s',
  (backend) => {
    const open: TestRegstack[] = [];
    afterEach(async () => {
      for (const t of open.splice(0)) await t.close();
    });

    async function instance(config = {}): Promise<TestRegstack> {
      const t = await createTestRegstack({ backend, config });
      open.push(t);
      return t;
    }

    it("alice's reset link, re-addressed to bob, is refused and changes nobody", async () => {
      const t = await instance();
      await t.registerAndLogin('alice@example.com', PASSWORD);
      const bob = await t.registerAndLogin('bob@example.com', PASSWORD);
      await t.request('POST', '/api/auth/forgot-password', {
        json: { email: 'alice@example.com' },
      });
      const forged = withClaim(t.lastEmailToken(), 'sub', bob.user._id);
      t.clock.advance(1);
      const res = await t.request('POST', '/api/auth/reset-password', {
        json: { token: forged, new_password: 'taken-over-password' },
      });
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ detail: 'Reset token is invalid or has expired.' });
      expect((await t.login('bob@example.com', PASSWORD)).status).toBe(200);
      expect((await t.login('alice@example.com', PASSWORD)).status).toBe(200);
    });

    it("alice's email-change link, re-addressed to bob or to another address, is refused", async () => {
      const t = await instance();
      const alice = await t.registerAndLogin('alice@example.com', PASSWORD);
      const bob = await t.registerAndLogin('bob@example.com', PASSWORD);
      await t.request('POST', '/api/auth/change-email', {
        token: alice.token,
        json: { new_email: 'alice2@example.com', current_password: PASSWORD },
      });
      const link = t.lastEmailToken();
      for (const forged of [
        withClaim(link, 'sub', bob.user._id),
        withClaim(link, 'new_email', 'mallory@example.com'),
      ]) {
        const res = await t.request('POST', '/api/auth/confirm-email-change', {
          json: { token: forged },
        });
        expect(res.status).toBe(400);
        expect(res.json).toEqual({ detail: 'Token is invalid or has expired.' });
      }
      // Confirmed with bob's session on the request, it still changes alice and only alice.
      const res = await t.request('POST', '/api/auth/confirm-email-change', {
        token: bob.token,
        json: { token: link },
      });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ _id: alice.user._id, email: 'alice2@example.com' });
      expect((await t.rs.storage.users.getById(String(bob.user._id)))?.email).toBe(
        'bob@example.com',
      );
    });

    it('a verification link creates only the account it was mailed for', async () => {
      const t = await instance({ require_verification: true });
      for (const email of ['alice@example.com', 'bob@example.com']) {
        await t.request('POST', '/api/auth/register', { json: { email, password: PASSWORD } });
      }
      const aliceLink = tokenIn(
        t.mailbox.find((message) => message.to === 'alice@example.com')?.text,
      );
      const res = await t.request('POST', '/api/auth/verify', { json: { token: aliceLink } });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ email: 'alice@example.com', is_verified: true });
      expect(await t.rs.storage.users.getByEmail('bob@example.com')).toBeNull();
      expect(await t.rs.storage.pending.countUnexpired()).toBe(1);
    });

    it('a reset link mailed to the old address is dead once the address changed', async () => {
      const t = await instance();
      const alice = await t.registerAndLogin('alice@example.com', PASSWORD);
      await t.request('POST', '/api/auth/forgot-password', {
        json: { email: 'alice@example.com' },
      });
      const oldReset = t.lastEmailToken();
      t.clock.advance(1);
      await t.request('POST', '/api/auth/change-email', {
        token: alice.token,
        json: { new_email: 'alice2@example.com', current_password: PASSWORD },
      });
      const notice = t.mailbox.at(-2);
      expect(notice?.to).toBe('alice@example.com');
      const noticeReset = tokenIn(notice?.text);
      t.clock.advance(1);
      const confirmed = await t.request('POST', '/api/auth/confirm-email-change', {
        json: { token: t.lastEmailToken() },
      });
      expect(confirmed.status).toBe(200);
      t.clock.advance(1);
      for (const token of [oldReset, noticeReset]) {
        const res = await t.request('POST', '/api/auth/reset-password', {
          json: { token, new_password: 'via-the-old-inbox' },
        });
        expect(res.status).toBe(400);
        expect(res.json).toEqual({ detail: 'Reset token is invalid or has expired.' });
      }
      expect((await t.login('alice2@example.com', PASSWORD)).status).toBe(200);
    });

    it('an email-change link is dead once another change of the address went through', async () => {
      const t = await instance();
      const alice = await t.registerAndLogin('alice@example.com', PASSWORD);
      const links: string[] = [];
      for (const newEmail of ['first@example.com', 'second@example.com']) {
        const res = await t.request('POST', '/api/auth/change-email', {
          token: alice.token,
          json: { new_email: newEmail, current_password: PASSWORD },
        });
        expect(res.status).toBe(202);
        links.push(t.lastEmailToken());
        t.clock.advance(1);
      }
      const second = await t.request('POST', '/api/auth/confirm-email-change', {
        json: { token: links[1] },
      });
      expect(second.status).toBe(200);
      t.clock.advance(1);
      const first = await t.request('POST', '/api/auth/confirm-email-change', {
        json: { token: links[0] },
      });
      expect(first.status).toBe(400);
      expect((await t.rs.storage.users.getById(String(alice.user._id)))?.email).toBe(
        'second@example.com',
      );
    });

    it('a verification link for an address that became an account another way creates no second one', async () => {
      const t = await instance({ require_verification: true });
      await t.request('POST', '/api/auth/register', {
        json: { email: 'alice@example.com', password: PASSWORD },
      });
      const link = t.lastEmailToken();
      const { user } = await t.rs.bootstrapAdmin('alice@example.com', 'the-admins-password');
      // Decision 11: the existing account is verified in place; the link's password is not carried.
      const res = await t.request('POST', '/api/auth/verify', { json: { token: link } });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ _id: user._id, email: 'alice@example.com' });
      expect(await t.rs.storage.users.count()).toBe(1);
      expect((await t.login('alice@example.com', 'the-admins-password')).status).toBe(200);
      expect((await t.login('alice@example.com', PASSWORD)).status).toBe(401);
    });
  },
);
