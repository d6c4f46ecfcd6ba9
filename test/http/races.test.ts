import { afterEach, describe, expect, it } from 'vitest';
import { createTestRegstack, HTTP_BACKENDS, type TestRegstack } from '../support/test-regstack.js';

/*
 * Single-use secrets under concurrency: 50 simultaneous redemptions of one token or code
 * must produce exactly one success, on every backend.
 */

const N = 50;

function tally(statuses: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

describe.each(HTTP_BACKENDS)('races on %s', (backend) => {
  let t: TestRegstack;
  afterEach(async () => {
    await t.close();
  });

  async function all(send: () => Promise<{ status: number }>): Promise<Record<number, number>> {
    const results = await Promise.all(Array.from({ length: N }, send));
    return tally(results.map((r) => r.status));
  }

  it('50 uses of one verification token → one account, one 200', async () => {
    t = await createTestRegstack({ backend, config: { require_verification: true } });
    await t.request('POST', '/api/auth/register', {
      json: { email: 'alice@example.com', password: 'hunter2hunter2' },
    });
    const token = t.lastEmailToken();
    const counts = await all(() => t.request('POST', '/api/auth/verify', { json: { token } }));
    expect(counts).toEqual({ 200: 1, 400: N - 1 });
    expect(await t.rs.storage.users.count()).toBe(1);
  });

  it('50 registrations of one email → one account and 49 conflicts', async () => {
    t = await createTestRegstack({ backend });
    const counts = await all(() =>
      t.request('POST', '/api/auth/register', {
        json: { email: 'alice@example.com', password: 'hunter2hunter2' },
      }),
    );
    expect(counts).toEqual({ 201: 1, 409: N - 1 });
    expect(await t.rs.storage.users.count()).toBe(1);
  });

  it('50 pending registrations of one email leave one pending row', async () => {
    t = await createTestRegstack({ backend, config: { require_verification: true } });
    const counts = await all(() =>
      t.request('POST', '/api/auth/register', {
        json: { email: 'alice@example.com', password: 'hunter2hunter2' },
      }),
    );
    expect(counts).toEqual({ 201: N });
    expect(await t.rs.storage.pending.countUnexpired()).toBe(1);
  });

  it('50 uses of one reset token → one 200', async () => {
    t = await createTestRegstack({ backend });
    await t.registerAndLogin();
    await t.request('POST', '/api/auth/forgot-password', { json: { email: 'alice@example.com' } });
    const token = t.lastEmailToken();
    t.clock.advance(1);
    const counts = await all(() =>
      t.request('POST', '/api/auth/reset-password', {
        json: { token, new_password: 'brand-new-password' },
      }),
    );
    expect(counts).toEqual({ 200: 1, 400: N - 1 });
  });

  it('50 uses of one email-change token → one 200', async () => {
    t = await createTestRegstack({ backend });
    const { token: session } = await t.registerAndLogin();
    await t.request('POST', '/api/auth/change-email', {
      token: session,
      json: { new_email: 'alice2@example.com', current_password: 'hunter2hunter2' },
    });
    const token = t.lastEmailToken();
    const counts = await all(() =>
      t.request('POST', '/api/auth/confirm-email-change', { json: { token } }),
    );
    expect(counts).toEqual({ 200: 1, 400: N - 1 });
  });

  it('50 uses of one MFA code → one session', async () => {
    t = await createTestRegstack({ backend, config: { sms_code_max_attempts: 20 } });
    const { user } = await t.registerAndLogin();
    await t.rs.storage.users.setPhoneAndMfa(user._id, '+14155552671', true);
    const start = await t.login('alice@example.com', 'hunter2hunter2');
    const pending = String(start.json.mfa_pending_token);
    const code = /\b(\d{6})\b/.exec(t.smsOutbox.at(-1)?.body ?? '')?.[1] ?? '';
    const counts = await all(() =>
      t.request('POST', '/api/auth/login/mfa-confirm', {
        json: { mfa_pending_token: pending, code },
      }),
    );
    expect(counts).toEqual({ 200: 1, 400: N - 1 });
  });
});
