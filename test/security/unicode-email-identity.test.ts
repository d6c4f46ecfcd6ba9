// Advisory class 6: email identity checked before Unicode normalisation, so look-alike spellings of one address open a second account or a second lockout counter.
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigOverrides } from '../../src/config/overrides.js';
import { createTestRegstack, HTTP_BACKENDS, type TestRegstack } from '../support/test-regstack.js';

const PASSWORD = 'hunter2hunter2';

/** Spellings a reader or a mail system takes for alice@example.com. */
const SAME_ADDRESS = [
  'ALICE@EXAMPLE.COM',
  '  Alice@Example.com\t',
  '\u00a0alice@example.com\u3000',
  'alice\uff20example.com',
  '\uff41\uff4c\uff49\uff43\uff45@example.com',
  'alice@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com',
  'alice@example\uff0ecom',
  'Alice <alice@example.com>',
];

/** Spellings that look like it but normalisation cannot fold: refused, never a second account. */
const LOOKALIKES: ReadonlyArray<[string, string]> = [
  ['Cyrillic а in the local part', '\u0430lice@example.com'],
  ['Greek ο in the domain', 'alice@g\u03bfogle.com'],
  ['a zero-width space', 'alice\u200b@example.com'],
  ['a zero-width joiner', 'ali\u200dce@example.com'],
  ['a right-to-left override', 'alice\u202e@example.com'],
  ['a soft hyphen', 'ali\u00adce@example.com'],
];

describe.each(HTTP_BACKENDS)('class 6: Unicode email identity on %s', (backend) => {
  const open: TestRegstack[] = [];
  afterEach(async () => {
    for (const t of open.splice(0)) await t.close();
  });

  async function instance(config: ConfigOverrides = {}): Promise<TestRegstack> {
    const t = await createTestRegstack({ backend, config });
    open.push(t);
    return t;
  }

  it.each(SAME_ADDRESS)('%j cannot register a second account', async (variant) => {
    const t = await instance();
    await t.registerAndLogin('alice@example.com', PASSWORD);
    const res = await t.request('POST', '/api/auth/register', {
      json: { email: variant, password: 'another-password' },
    });
    expect(res.status).toBe(409);
    expect(res.json).toEqual({ detail: 'An account with that email already exists.' });
    expect(await t.rs.storage.users.count()).toBe(1);
  });

  it('every spelling signs in to the one account and is shown as the stored address', async () => {
    const t = await instance();
    const { user } = await t.registerAndLogin('alice@example.com', PASSWORD);
    for (const variant of SAME_ADDRESS) {
      const res = await t.login(variant, PASSWORD);
      expect(res.status, variant).toBe(200);
      const me = await t.request('GET', '/api/auth/me', { token: String(res.json.access_token) });
      expect(me.json).toMatchObject({ _id: user._id, email: 'alice@example.com' });
    }
  });

  it('failures under different spellings add up on one lockout counter', async () => {
    const t = await instance({ rate_limit_disabled: false, login_lockout_threshold: 4 });
    await t.registerAndLogin('alice@example.com', PASSWORD);
    for (const variant of SAME_ADDRESS.slice(0, 4)) {
      const res = await t.login(variant, 'wrong-password');
      expect(res.status, variant).toBe(401);
    }
    const locked = await t.login('alice@example.com', PASSWORD);
    expect(locked.status).toBe(429);
    expect(String(locked.json.detail)).toMatch(/^Too many failed attempts\. Try again in \d+/);
  });

  it('a reset asked for under a full-width spelling mails the stored address', async () => {
    const t = await instance();
    await t.registerAndLogin('alice@example.com', PASSWORD);
    const before = t.mailbox.length;
    const res = await t.request('POST', '/api/auth/forgot-password', {
      json: { email: '\uff41\uff4c\uff49\uff43\uff45\uff20example.com' },
    });
    expect(res.status).toBe(202);
    expect(t.mailbox.slice(before).map((message) => message.to)).toEqual(['alice@example.com']);
  });

  it('a pending registration under one spelling is replaced, not doubled, by another', async () => {
    const t = await instance({ require_verification: true });
    for (const email of ['alice@example.com', '\uff41lice@EXAMPLE.com']) {
      const res = await t.request('POST', '/api/auth/register', {
        json: { email, password: PASSWORD },
      });
      expect(res.status).toBe(201);
      expect(res.json.email).toBe('alice@example.com');
    }
    expect(await t.rs.storage.pending.countUnexpired()).toBe(1);
  });

  it.each(LOOKALIKES)(
    '%s is refused with a 422 on register, login and reset',
    async (_what, email) => {
      const t = await instance();
      await t.registerAndLogin('alice@example.com', PASSWORD);
      for (const [path, json] of [
        ['/api/auth/register', { email, password: PASSWORD }],
        ['/api/auth/login', { email, password: PASSWORD }],
        ['/api/auth/forgot-password', { email }],
      ] as const) {
        const res = await t.request('POST', path, { json });
        expect(res.status, path).toBe(422);
        const issue = (res.json.detail as Array<{ loc: unknown[]; msg: string }>)[0];
        expect(issue?.loc).toEqual(['body', 'email']);
        expect(issue?.msg).toMatch(/^value is not a valid email address: /);
      }
      expect(await t.rs.storage.users.count()).toBe(1);
    },
  );

  it('scripts used alone are still welcome', async () => {
    const t = await instance();
    for (const email of ['алиса@example.com', 'josé@example.com', 'ελένη@example.com']) {
      const res = await t.request('POST', '/api/auth/register', {
        json: { email, password: PASSWORD },
      });
      expect(res.status, email).toBe(201);
    }
  });
});
