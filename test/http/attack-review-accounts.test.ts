import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigOverrides } from '../../src/config/overrides.js';
import { createTestRegstack, HTTP_BACKENDS, type TestRegstack } from '../support/test-regstack.js';

/*
 * Account takeovers an attack on a running server found: an email change the owner never
 * heard of, a re-registration that slipped a stranger's password into the owner's account,
 * and inboxes filled through routes that mail a typed-in address.
 */

const PASSWORD = 'hunter2hunter2';

describe.each(HTTP_BACKENDS)('attack review: accounts on %s', (backend) => {
  const open: TestRegstack[] = [];
  afterEach(async () => {
    for (const t of open.splice(0)) await t.close();
  });

  async function instance(config: ConfigOverrides = {}): Promise<TestRegstack> {
    const t = await createTestRegstack({ backend, config });
    open.push(t);
    return t;
  }

  function tokenIn(text: string): string {
    const token = /token=([\w.-]+)/.exec(text)?.[1];
    if (!token) throw new Error('no token in the mail');
    return token;
  }

  describe('item 1: the current address hears of an email change', () => {
    it('mails the old address a notice with a reset link that kills the pending change', async () => {
      const t = await instance();
      const { token } = await t.registerAndLogin('alice@example.com', PASSWORD);
      const before = t.mailbox.length;
      const res = await t.request('POST', '/api/auth/change-email', {
        token,
        json: { new_email: 'mallory@example.com', current_password: PASSWORD },
      });
      expect(res.status).toBe(202);
      const sent = t.mailbox.slice(before);
      expect(sent.map((message) => message.to)).toEqual([
        'alice@example.com',
        'mallory@example.com',
      ]);
      const [notice, confirmation] = sent;
      expect(notice?.subject).toBe('Your RegStack email address is about to change');
      expect(notice?.text).toContain('mallory@example.com');
      expect(notice?.text).toContain('/account/reset?token=');
      expect(notice?.html).toContain('mallory@example.com');

      // The owner follows the notice: a new password, and the change link is dead.
      t.clock.advance(1);
      const reset = await t.request('POST', '/api/auth/reset-password', {
        json: { token: tokenIn(notice?.text ?? ''), new_password: 'owner-took-it-back' },
      });
      expect(reset.status).toBe(200);
      const confirm = await t.request('POST', '/api/auth/confirm-email-change', {
        json: { token: tokenIn(confirmation?.text ?? '') },
      });
      expect(confirm.status).toBe(400);
      expect((await t.rs.storage.users.getByEmail('alice@example.com'))?.email).toBe(
        'alice@example.com',
      );
    });

    it('sends nothing when the current password is wrong', async () => {
      const t = await instance();
      const { token } = await t.registerAndLogin('alice@example.com', PASSWORD);
      const before = t.mailbox.length;
      const res = await t.request('POST', '/api/auth/change-email', {
        token,
        json: { new_email: 'mallory@example.com', current_password: 'wrong-password' },
      });
      expect(res.status).toBe(400);
      expect(t.mailbox.length).toBe(before);
    });
  });

  describe('item 4: a second registration of a pending address', () => {
    async function register(t: TestRegstack, email: string, password: string, name: string) {
      const res = await t.request('POST', '/api/auth/register', {
        json: { email, password, full_name: name },
      });
      expect(res.status).toBe(201);
      return res;
    }

    it("the victim's newest link activates no password; the owner chooses one by mail", async () => {
      const t = await instance({ require_verification: true });
      const first = await register(t, 'victim@example.com', 'victims-password', 'Victim');
      const victimLink = t.lastEmailToken();
      const second = await register(t, 'VICTIM@Example.com', 'attackers-password', 'Mallory');
      // The same answer as any registration: nothing tells the second registrant apart.
      expect(second.json).toEqual(first.json);
      const newest = t.mailbox.at(-1);
      expect(newest?.to).toBe('victim@example.com');
      expect(newest?.text).toContain('registered more than once');
      expect(newest?.text).toContain('Hi Victim,');

      // The first link was replaced, as the spec says.
      const stale = await t.request('POST', '/api/auth/verify', { json: { token: victimLink } });
      expect(stale.status).toBe(400);
      const verified = await t.request('POST', '/api/auth/verify', {
        json: { token: t.lastEmailToken() },
      });
      expect(verified.status).toBe(200);
      expect(verified.json).toMatchObject({ email: 'victim@example.com', is_verified: true });

      // Neither password signs in.
      expect((await t.login('victim@example.com', 'attackers-password')).status).toBe(401);
      expect((await t.login('victim@example.com', 'victims-password')).status).toBe(401);

      // The mailbox owner was sent a reset link, and it sets the password.
      const resetMail = t.mailbox.at(-1);
      expect(resetMail?.to).toBe('victim@example.com');
      expect(resetMail?.text).toContain('/account/reset?token=');
      const reset = await t.request('POST', '/api/auth/reset-password', {
        json: { token: t.lastEmailToken(), new_password: 'victims-own-choice' },
      });
      expect(reset.status).toBe(200);
      expect((await t.login('victim@example.com', 'victims-own-choice')).status).toBe(200);
    });

    it('a registration after the first link expired replaces it as before, password included', async () => {
      const t = await instance({ require_verification: true, verification_token_ttl_seconds: 60 });
      await register(t, 'late@example.com', 'first-password', 'First');
      t.clock.advance(61);
      await register(t, 'late@example.com', 'second-password', 'Second');
      expect(t.mailbox.at(-1)?.text).not.toContain('registered more than once');
      const verified = await t.request('POST', '/api/auth/verify', {
        json: { token: t.lastEmailToken() },
      });
      expect(verified.status).toBe(200);
      expect(verified.json.full_name).toBe('Second');
      expect((await t.login('late@example.com', 'second-password')).status).toBe(200);
    });

    it('a single registration keeps its password', async () => {
      const t = await instance({ require_verification: true });
      await register(t, 'solo@example.com', PASSWORD, 'Solo');
      expect(t.mailbox.at(-1)?.text).not.toContain('registered more than once');
      await t.request('POST', '/api/auth/verify', { json: { token: t.lastEmailToken() } });
      expect((await t.login('solo@example.com', PASSWORD)).status).toBe(200);
    });
  });

  describe('item 9: mail per recipient is capped', () => {
    it('sends at most email_max_per_recipient_per_hour mails to one address, still answering 202', async () => {
      const t = await instance({
        rate_limit_disabled: false,
        forgot_password_max_per_minute: 100,
        email_max_per_recipient_per_hour: 3,
      });
      await t.registerAndLogin('alice@example.com', PASSWORD);
      await t.registerAndLogin('bob@example.com', PASSWORD);
      const before = t.mailbox.length;
      for (let i = 0; i < 5; i++) {
        const res = await t.request('POST', '/api/auth/forgot-password', {
          json: { email: 'alice@example.com' },
        });
        expect(res.status).toBe(202);
      }
      const toAlice = t.mailbox
        .slice(before)
        .filter((message) => message.to === 'alice@example.com');
      expect(toAlice).toHaveLength(3);
      expect(t.logs.filter((entry) => entry.message.includes('recipient hourly cap')).length).toBe(
        2,
      );
      // Another recipient has its own allowance.
      await t.request('POST', '/api/auth/forgot-password', { json: { email: 'bob@example.com' } });
      expect(t.mailbox.at(-1)?.to).toBe('bob@example.com');
    });
  });
});
