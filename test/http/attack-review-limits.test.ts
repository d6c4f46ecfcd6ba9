import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigOverrides } from '../../src/config/overrides.js';
import { createTestRegstack, HTTP_BACKENDS, type TestRegstack } from '../support/test-regstack.js';

/*
 * The limits an attack on a running server found missing: re-authentication that could
 * guess and starve the hasher, a spoofable client address, second-factor codes guessed
 * across re-sent codes, and a lockout that could keep the owner out for good.
 */

const PASSWORD = 'hunter2hunter2';
const WRONG = 'not-the-password';

/** Every per-IP limit out of the way unless a test sets it. */
const QUIET: ConfigOverrides = {
  rate_limit_disabled: false,
  behind_proxy: true,
  login_max_per_minute: 100_000,
  login_max_per_hour: 100_000,
  register_max_per_minute: 100_000,
  mfa_confirm_max_per_minute: 100_000,
  phone_start_max_per_minute: 100_000,
  reauth_max_per_minute: 100_000,
  reauth_account_max_per_minute: 100_000,
  login_lockout_threshold: 100,
};

describe.each(HTTP_BACKENDS)('attack review: limits on %s', (backend) => {
  const open: TestRegstack[] = [];
  afterEach(async () => {
    for (const t of open.splice(0)) await t.close();
  });

  async function instance(config: ConfigOverrides): Promise<TestRegstack> {
    const t = await createTestRegstack({ backend, config: { ...QUIET, ...config } });
    open.push(t);
    return t;
  }

  function from(ip: string): Record<string, string> {
    return { 'x-forwarded-for': ip };
  }

  function changePassword(t: TestRegstack, token: string, current: string, ip: string) {
    return t.request('POST', '/api/auth/change-password', {
      token,
      json: { current_password: current, new_password: 'a-brand-new-password' },
      headers: from(ip),
    });
  }

  function loginFrom(t: TestRegstack, email: string, password: string, ip: string) {
    return t.request('POST', '/api/auth/login', { json: { email, password }, headers: from(ip) });
  }

  describe('item 2: routes that check the current password', () => {
    it('a wrong current password counts toward the lockout of that account', async () => {
      const t = await instance({ login_lockout_threshold: 3 });
      const { token } = await t.registerAndLogin('alice@example.com', PASSWORD);
      for (let i = 0; i < 3; i++) {
        const res = await changePassword(t, token, WRONG, '198.51.100.1');
        expect(res.status).toBe(400);
        expect(res.json.detail).toBe('Current password is incorrect.');
      }
      // Locked now, for re-authentication and for sign-in alike, before any hash runs.
      const again = await changePassword(t, token, PASSWORD, '198.51.100.1');
      expect(again.status).toBe(429);
      expect(String(again.json.detail)).toMatch(/^Too many failed attempts\. Try again in \d+/);
      const login = await loginFrom(t, 'alice@example.com', PASSWORD, '198.51.100.1');
      expect(login.status).toBe(429);
      expect(await t.rs.hasher.verify(PASSWORD, await currentHash(t, 'alice@example.com'))).toBe(
        true,
      );
    });

    it('limits the checks per account whatever the client address', async () => {
      const t = await instance({ reauth_account_max_per_minute: 3 });
      const { token } = await t.registerAndLogin('alice@example.com', PASSWORD);
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push((await changePassword(t, token, WRONG, `203.0.113.${i + 1}`)).status);
      }
      expect(statuses).toEqual([400, 400, 400, 429, 429]);
      const limited = await t.request('DELETE', '/api/auth/account', {
        token,
        json: { current_password: PASSWORD },
        headers: from('203.0.113.99'),
      });
      expect(limited.status).toBe(429);
      expect(limited.json).toEqual({ detail: 'Too many requests. Try again later.' });
      expect(await t.rs.storage.users.getByEmail('alice@example.com')).not.toBeNull();
    });

    it('limits the checks per client address across the four routes, not other clients', async () => {
      const t = await instance({ reauth_max_per_minute: 4, enable_sms_2fa: true });
      const alice = await t.registerAndLogin('alice@example.com', PASSWORD);
      const bob = await t.registerAndLogin('bob@example.com', PASSWORD);
      const ip = '192.0.2.10';
      const answers = [
        await changePassword(t, alice.token, WRONG, ip),
        await t.request('POST', '/api/auth/change-email', {
          token: alice.token,
          json: { new_email: 'alice2@example.com', current_password: WRONG },
          headers: from(ip),
        }),
        await t.request('DELETE', '/api/auth/account', {
          token: bob.token,
          json: { current_password: WRONG },
          headers: from(ip),
        }),
        await t.request('DELETE', '/api/auth/phone', {
          token: bob.token,
          json: { current_password: WRONG },
          headers: from(ip),
        }),
      ];
      expect(answers.map((res) => res.status)).toEqual([400, 400, 400, 400]);
      const fifth = await changePassword(t, bob.token, WRONG, ip);
      expect(fifth.status).toBe(429);
      expect(fifth.json).toEqual({ detail: 'Too many requests. Try again later.' });
      expect((await changePassword(t, bob.token, WRONG, '192.0.2.11')).status).toBe(400);
    });

    it("one user's storm of wrong current passwords does not stop another user signing in", async () => {
      const t = await instance({
        reauth_max_per_minute: 10,
        reauth_account_max_per_minute: 5,
      });
      const alice = await t.registerAndLogin('alice@example.com', PASSWORD);
      await t.registerAndLogin('bob@example.com', PASSWORD);
      const storm = Array.from({ length: 80 }, () =>
        changePassword(t, alice.token, WRONG, '198.51.100.7'),
      );
      const bobLogin = loginFrom(t, 'bob@example.com', PASSWORD, '198.51.100.8');
      const [answers, bob] = await Promise.all([Promise.all(storm), bobLogin]);
      expect(bob.status).toBe(200);
      const wrong = answers.filter((res) => res.status === 400).length;
      const limited = answers.filter(
        (res) => res.status === 429 && res.json.detail === 'Too many requests. Try again later.',
      ).length;
      expect(wrong).toBe(5);
      expect(limited).toBe(75);
    });
  });

  describe('item 3: the client address behind a proxy', () => {
    it('rotating the left-most X-Forwarded-For value does not escape the per-IP login limit', async () => {
      const t = await instance({ login_max_per_minute: 30 });
      const statuses: number[] = [];
      for (let i = 0; i < 45; i++) {
        const res = await loginFrom(t, 'ghost@example.com', WRONG, `10.9.8.${i}, 198.51.100.23`);
        statuses.push(res.status);
      }
      expect(statuses.slice(0, 30).every((status) => status === 401)).toBe(true);
      expect(statuses.slice(30).every((status) => status === 429)).toBe(true);
    });
  });

  describe('item 5: second-factor codes', () => {
    const PHONE = '+15555550100';

    async function withMfa(t: TestRegstack): Promise<void> {
      const { token } = await t.registerAndLogin('alice@example.com', PASSWORD);
      const started = await t.request('POST', '/api/auth/phone/start', {
        token,
        json: { phone_number: PHONE, current_password: PASSWORD },
      });
      expect(started.status).toBe(202);
      const code = lastCode(t);
      const confirmed = await t.request('POST', '/api/auth/phone/confirm', {
        json: { pending_token: started.json.pending_token, code },
      });
      expect(confirmed.status).toBe(200);
    }

    it('wrong codes count toward the lockout across re-sent codes', async () => {
      const t = await instance({
        enable_sms_2fa: true,
        login_lockout_threshold: 4,
        sms_code_max_attempts: 3,
      });
      await withMfa(t);
      const ip = '203.0.113.50';
      let guesses = 0;
      let lastStatus = 0;
      for (let round = 0; round < 6 && lastStatus !== 429; round++) {
        const login = await loginFrom(t, 'alice@example.com', PASSWORD, ip);
        lastStatus = login.status;
        if (login.status !== 200) break;
        const code = lastCode(t);
        for (let i = 0; i < 3; i++) {
          const res = await t.request('POST', '/api/auth/login/mfa-confirm', {
            json: { mfa_pending_token: login.json.mfa_pending_token, code: wrongCodeFor(code) },
            headers: from(ip),
          });
          lastStatus = res.status;
          if (res.status === 429) break;
          guesses++;
        }
      }
      // Four wrong codes lock the account for this client: the password and codes both stop.
      expect(guesses).toBe(4);
      expect(lastStatus).toBe(429);
      const login = await loginFrom(t, 'alice@example.com', PASSWORD, ip);
      expect(login.status).toBe(429);
      expect(String(login.json.detail)).toMatch(/^Too many failed attempts/);
    });

    it('caps the codes sent to one account per hour, whatever the client address', async () => {
      const t = await instance({ enable_sms_2fa: true, sms_max_per_account_per_hour: 3 });
      await withMfa(t);
      // Phone setup sent one code; two sign-ins reach the cap of three.
      const sent = t.smsOutbox.length;
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push(
          (await loginFrom(t, 'alice@example.com', PASSWORD, `198.51.100.${i}`)).status,
        );
      }
      expect(statuses).toEqual([200, 200, 429, 429]);
      expect(t.smsOutbox.length - sent).toBe(2);
    });
  });

  describe('item 6: a lockout cannot keep the owner out', () => {
    it("a guesser's failures lock that client out, not the owner signing in from elsewhere", async () => {
      const t = await instance({ login_lockout_threshold: 3, login_lockout_account_threshold: 10 });
      await t.registerAndLogin('alice@example.com', PASSWORD);
      for (let i = 0; i < 3; i++) {
        expect((await loginFrom(t, 'alice@example.com', WRONG, '203.0.113.66')).status).toBe(401);
      }
      expect((await loginFrom(t, 'alice@example.com', PASSWORD, '203.0.113.66')).status).toBe(429);
      expect((await loginFrom(t, 'alice@example.com', PASSWORD, '198.51.100.5')).status).toBe(200);
    });

    it('failures from many clients together reach the account ceiling, which a reset clears', async () => {
      const t = await instance({ login_lockout_threshold: 3, login_lockout_account_threshold: 6 });
      await t.registerAndLogin('alice@example.com', PASSWORD);
      for (let i = 0; i < 6; i++) {
        expect(
          (await loginFrom(t, 'alice@example.com', WRONG, `203.0.113.${100 + i}`)).status,
        ).toBe(401);
      }
      expect((await loginFrom(t, 'alice@example.com', PASSWORD, '198.51.100.5')).status).toBe(429);
      expect(
        (
          await t.request('POST', '/api/auth/forgot-password', {
            json: { email: 'alice@example.com' },
          })
        ).status,
      ).toBe(202);
      const reset = await t.request('POST', '/api/auth/reset-password', {
        json: { token: t.lastEmailToken(), new_password: 'a-fresh-password' },
      });
      expect(reset.status).toBe(200);
      expect(
        (await loginFrom(t, 'alice@example.com', 'a-fresh-password', '198.51.100.5')).status,
      ).toBe(200);
    });
  });

  function lastCode(t: TestRegstack): string {
    const body = t.smsOutbox.at(-1)?.body ?? '';
    const code = /\d{6}/.exec(body)?.[0];
    if (!code) throw new Error('no code in the last SMS');
    return code;
  }
});

function wrongCodeFor(code: string): string {
  const last = Number(code.at(-1));
  return `${code.slice(0, -1)}${(last + 1) % 10}`;
}

async function currentHash(t: TestRegstack, email: string): Promise<string> {
  const user = await t.rs.storage.users.getByEmail(email);
  if (!user?.hashedPassword) throw new Error('no password hash');
  return user.hashedPassword;
}
