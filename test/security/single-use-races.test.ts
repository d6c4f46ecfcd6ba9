// Advisory class 11: double redemption of a single-use secret under concurrency, for the secrets added since test/http/races.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigOverrides } from '../../src/config/overrides.js';
import { createTestRegstack, HTTP_BACKENDS, type TestRegstack } from '../support/test-regstack.js';

/*
 * test/http/races.test.ts covers the verification, reset, email-change and MFA tokens. This
 * file adds what came after it: the phone-setup code, the reset link of the email-change
 * notice, the contested registration's link, a code's attempt budget spent concurrently,
 * and two different email-change links of one account confirmed at once.
 */

const N = 50;
const PASSWORD = 'hunter2hunter2';
const PHONE = '+15555550100';

function tally(statuses: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

describe.each(HTTP_BACKENDS)('class 11: single-use races on %s', (backend) => {
  let t: TestRegstack;
  afterEach(async () => {
    await t.close();
  });

  async function instance(config: ConfigOverrides = {}): Promise<TestRegstack> {
    t = await createTestRegstack({ backend, config });
    return t;
  }

  async function all(send: () => Promise<{ status: number }>): Promise<Record<number, number>> {
    return tally((await Promise.all(Array.from({ length: N }, send))).map((res) => res.status));
  }

  function lastCode(): string {
    const code = /\d{6}/.exec(t.smsOutbox.at(-1)?.body ?? '')?.[0];
    if (!code) throw new Error('no code sent');
    return code;
  }

  it('50 confirms of one phone-setup code → one 200, one phone bound', async () => {
    await instance({ enable_sms_2fa: true, sms_code_max_attempts: 20 });
    const { token, user } = await t.registerAndLogin('alice@example.com', PASSWORD);
    const started = await t.request('POST', '/api/auth/phone/start', {
      token,
      json: { phone_number: PHONE, current_password: PASSWORD },
    });
    const json = { pending_token: started.json.pending_token, code: lastCode() };
    const counts = await all(() => t.request('POST', '/api/auth/phone/confirm', { json }));
    expect(counts).toEqual({ 200: 1, 400: N - 1 });
    expect((await t.rs.storage.users.getById(String(user._id)))?.isMfaEnabled).toBe(true);
  });

  it("50 uses of the email-change notice's reset link → one 200", async () => {
    await instance();
    const { token } = await t.registerAndLogin('alice@example.com', PASSWORD);
    await t.request('POST', '/api/auth/change-email', {
      token,
      json: { new_email: 'alice2@example.com', current_password: PASSWORD },
    });
    const notice = t.mailbox.at(-2);
    const reset = /token=([\w.-]+)/.exec(notice?.text ?? '')?.[1] ?? '';
    t.clock.advance(1);
    const counts = await all(() =>
      t.request('POST', '/api/auth/reset-password', {
        json: { token: reset, new_password: 'owner-took-it-back' },
      }),
    );
    expect(counts).toEqual({ 200: 1, 400: N - 1 });
  });

  it('50 uses of a contested registration link → one account, one reset mail', async () => {
    await instance({ require_verification: true });
    for (const password of [PASSWORD, 'attackers-password']) {
      await t.request('POST', '/api/auth/register', {
        json: { email: 'victim@example.com', password },
      });
    }
    const link = t.lastEmailToken();
    const before = t.mailbox.length;
    const counts = await all(() =>
      t.request('POST', '/api/auth/verify', { json: { token: link } }),
    );
    expect(counts).toEqual({ 200: 1, 400: N - 1 });
    expect(await t.rs.storage.users.count()).toBe(1);
    const resets = t.mailbox
      .slice(before)
      .filter((message) => message.text.includes('/account/reset?token='));
    expect(resets).toHaveLength(1);
  });

  it("50 concurrent wrong codes spend the code's budget once each: the right code is refused after", async () => {
    await instance({ sms_code_max_attempts: 3 });
    const { user } = await t.registerAndLogin('alice@example.com', PASSWORD);
    await t.rs.storage.users.setPhoneAndMfa(user._id, PHONE, true);
    const started = await t.login('alice@example.com', PASSWORD);
    const pending = String(started.json.mfa_pending_token);
    const code = lastCode();
    const wrong = `${code.slice(0, -1)}${(Number(code.at(-1)) + 1) % 10}`;
    const answers = await Promise.all(
      Array.from({ length: N }, () =>
        t.request('POST', '/api/auth/login/mfa-confirm', {
          json: { mfa_pending_token: pending, code: wrong },
        }),
      ),
    );
    expect(answers.every((res) => res.status === 400)).toBe(true);
    const counted = answers.filter((res) =>
      String(res.json.detail).startsWith('Wrong code'),
    ).length;
    expect(counted).toBeLessThanOrEqual(3);
    const right = await t.request('POST', '/api/auth/login/mfa-confirm', {
      json: { mfa_pending_token: pending, code },
    });
    expect(right.status).toBe(400);
    expect(right.json).not.toHaveProperty('access_token');
  });

  it('two email-change links of one account confirmed at once → one address wins, one link fails', async () => {
    await instance();
    const { token, user } = await t.registerAndLogin('alice@example.com', PASSWORD);
    const links: string[] = [];
    for (const newEmail of ['first@example.com', 'second@example.com']) {
      await t.request('POST', '/api/auth/change-email', {
        token,
        json: { new_email: newEmail, current_password: PASSWORD },
      });
      links.push(t.lastEmailToken());
    }
    t.clock.advance(1);
    const answers = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        t.request('POST', '/api/auth/confirm-email-change', { json: { token: links[i % 2] } }),
      ),
    );
    const won = answers.filter((res) => res.status === 200);
    expect(won).toHaveLength(1);
    const stored = (await t.rs.storage.users.getById(String(user._id)))?.email;
    expect(stored).toBe(won[0]?.json.email);
  });
});
