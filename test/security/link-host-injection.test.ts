// Advisory class 5: emailed links whose host comes from the request (Host, X-Forwarded-Host) instead of base_url / email_link_base_url.
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigOverrides } from '../../src/config/overrides.js';
import { createTestRegstack, HTTP_BACKENDS, type TestRegstack } from '../support/test-regstack.js';

const PASSWORD = 'hunter2hunter2';
const EVIL = 'evil.example';
const HOSTILE_HEADERS: Record<string, string> = {
  host: EVIL,
  'x-forwarded-host': EVIL,
  'x-forwarded-proto': 'http',
  'x-forwarded-port': '8080',
  'x-forwarded-prefix': '/phish',
  'x-original-url': `https://${EVIL}/`,
  'x-rewrite-url': `https://${EVIL}/`,
  'x-host': EVIL,
  forwarded: `host=${EVIL};proto=http`,
  origin: `https://${EVIL}`,
  referer: `https://${EVIL}/account/login`,
};

function urlsIn(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((match) => match[0]);
}

describe.each(HTTP_BACKENDS)('class 5: link host injection on %s', (backend) => {
  const open: TestRegstack[] = [];
  afterEach(async () => {
    for (const t of open.splice(0)) await t.close();
  });

  async function instance(config: ConfigOverrides): Promise<TestRegstack> {
    const t = await createTestRegstack({
      backend,
      config: { enable_admin_router: true, require_verification: true, ...config },
    });
    open.push(t);
    return t;
  }

  /** Sends one request to the evil host itself, with every hostile header. */
  async function hostile(
    t: TestRegstack,
    method: string,
    path: string,
    json: unknown,
    token?: string,
  ) {
    const headers = new Headers(HOSTILE_HEADERS);
    headers.set('content-type', 'application/json');
    if (token !== undefined) headers.set('authorization', `Bearer ${token}`);
    const response = await t.rs.fetch(
      new Request(`http://${EVIL}${path}`, { method, headers, body: JSON.stringify(json) }),
    );
    await response.text();
    await t.rs.settled();
    return response.status;
  }

  /** Drives every route that mails a link, each request carrying the hostile headers. */
  async function everyMail(t: TestRegstack): Promise<void> {
    expect(
      await hostile(t, 'POST', '/api/auth/register', {
        email: 'alice@example.com',
        password: PASSWORD,
      }),
    ).toBe(201);
    expect(
      await hostile(t, 'POST', '/api/auth/resend-verification', { email: 'alice@example.com' }),
    ).toBe(202);
    // A second registration of the pending address: the contested-registration mail.
    expect(
      await hostile(t, 'POST', '/api/auth/register', {
        email: 'alice@example.com',
        password: 'another-password',
      }),
    ).toBe(201);
    expect(await hostile(t, 'POST', '/api/auth/verify', { token: t.lastEmailToken() })).toBe(200);
    // Verifying a contested registration mails a reset link.
    t.clock.advance(1);
    expect(
      await hostile(t, 'POST', '/api/auth/reset-password', {
        token: t.lastEmailToken(),
        new_password: PASSWORD,
      }),
    ).toBe(200);
    expect(
      await hostile(t, 'POST', '/api/auth/forgot-password', { email: 'alice@example.com' }),
    ).toBe(202);
    // Past the reset's revocation cut-off, so the new session is valid.
    t.clock.advance(1);
    const token = String((await t.login('alice@example.com', PASSWORD)).json.access_token);
    expect(
      await hostile(
        t,
        'POST',
        '/api/auth/change-email',
        { new_email: 'alice2@example.com', current_password: PASSWORD },
        token,
      ),
    ).toBe(202);
    await t.request('POST', '/api/auth/register', {
      json: { email: 'pending@example.com', password: PASSWORD },
    });
    const { user } = await t.rs.bootstrapAdmin('admin@example.com', PASSWORD);
    expect(user.email).toBe('admin@example.com');
    await t.rs.storage.users.setVerified(String(user._id), true);
    const admin = String((await t.login('admin@example.com', PASSWORD)).json.access_token);
    const unverified = await t.rs.storage.users.create({
      email: 'unverified@example.com',
      hashedPassword: null,
      fullName: null,
      isActive: true,
      isVerified: false,
    });
    expect(
      await hostile(
        t,
        'POST',
        `/api/auth/admin/users/${unverified.id}/resend-verification`,
        {},
        admin,
      ),
    ).toBeLessThan(300);
  }

  function assertEveryLinkUnder(t: TestRegstack, base: string, minimum: number): void {
    const links = t.mailbox.flatMap((message) => [
      ...urlsIn(message.text),
      ...urlsIn(message.html ?? ''),
    ]);
    const tokenLinks = links.filter((link) => link.includes('token='));
    expect(tokenLinks.length).toBeGreaterThanOrEqual(minimum);
    for (const link of links) {
      expect(link.startsWith(`${base}/`), link).toBe(true);
      expect(link).not.toContain(EVIL);
      expect(link).not.toContain('/phish');
    }
  }

  it.each([false, true])(
    'every mailed link is under base_url (behind_proxy %s)',
    async (behindProxy) => {
      const t = await instance({
        base_url: 'https://accounts.example.com',
        behind_proxy: behindProxy,
      });
      await everyMail(t);
      assertEveryLinkUnder(t, 'https://accounts.example.com/account', 8);
    },
  );

  it('every mailed link is under email_link_base_url when it is set', async () => {
    const t = await instance({
      base_url: 'https://accounts.example.com',
      email_link_base_url: 'https://app.example.com/auth',
      behind_proxy: true,
    });
    await everyMail(t);
    assertEveryLinkUnder(t, 'https://app.example.com/auth', 8);
  });

  it('with base_url unset, the first request does not choose it: links use the default', async () => {
    const t = await instance({});
    expect(
      await hostile(t, 'POST', '/api/auth/register', {
        email: 'first@example.com',
        password: PASSWORD,
      }),
    ).toBe(201);
    await t.request('POST', '/api/auth/register', {
      json: { email: 'second@example.com', password: PASSWORD },
    });
    expect(t.rs.config.base_url.replace(/\/$/, '')).toBe('http://localhost:8000');
    assertEveryLinkUnder(t, 'http://localhost:8000/account', 2);
  });
});
