import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/crypto/hash.js';
import { ID_SHAPE } from '../contract/suite/subject.js';
import { createTestRegstack, HTTP_BACKENDS, type TestRegstack } from '../support/test-regstack.js';

describe.each(HTTP_BACKENDS)('registration over HTTP on %s', (backend) => {
  let t: TestRegstack;
  afterEach(async () => {
    await t.close();
  });

  describe('without verification', () => {
    beforeEach(async () => {
      t = await createTestRegstack({ backend });
    });

    it('register → login → me → logout, then the token is revoked', async () => {
      const registered = await t.request('POST', '/api/auth/register', {
        json: { email: 'alice@example.com', password: 'hunter2hunter2', full_name: 'Alice' },
      });
      expect(registered.status).toBe(201);
      expect(Object.keys(registered.json)).toEqual([
        '_id',
        'email',
        'is_active',
        'is_verified',
        'is_superuser',
        'full_name',
        'phone_number',
        'is_mfa_enabled',
        'created_at',
        'last_login',
      ]);
      expect(registered.json).toMatchObject({
        email: 'alice@example.com',
        is_active: true,
        is_verified: true,
        full_name: 'Alice',
        created_at: '2025-01-01T00:00:00Z',
        last_login: null,
      });
      expect(registered.json._id).toMatch(ID_SHAPE[t.rs.storage.kind]);
      expect(registered.text).not.toContain('hashed_password');

      const login = await t.login('alice@example.com', 'hunter2hunter2');
      expect(login.status).toBe(200);
      expect(login.json).toMatchObject({ token_type: 'bearer', expires_in: 7200 });
      const token = String(login.json.access_token);

      const me = await t.request('GET', '/api/auth/me', { token });
      expect(me.status).toBe(200);
      expect(me.json).toMatchObject({
        email: 'alice@example.com',
        last_login: '2025-01-01T00:00:00Z',
      });

      const out = await t.request('POST', '/api/auth/logout', { token });
      expect(out.status).toBe(200);
      expect(out.json).toEqual({ message: 'Logged out.' });

      const again = await t.request('GET', '/api/auth/me', { token });
      expect(again.status).toBe(401);
      expect(again.json.detail).toBe('Token has been revoked.');
      expect(again.headers.get('www-authenticate')).toBeNull();
    });

    it('rejects a duplicate registration, case-insensitively (Decision 28)', async () => {
      await t.registerAndLogin('alice@example.com');
      for (const email of ['alice@example.com', 'Alice@Example.com']) {
        const dup = await t.request('POST', '/api/auth/register', {
          json: { email, password: 'another-password' },
        });
        expect(dup.status).toBe(409);
        expect(dup.json.detail).toBe('An account with that email already exists.');
      }
      const mixed = await t.login('ALICE@example.com', 'hunter2hunter2');
      expect(mixed.status).toBe(200);
    });

    it('refuses registration when allow_registration is false', async () => {
      await t.close();
      t = await createTestRegstack({ backend, config: { allow_registration: false } });
      const res = await t.request('POST', '/api/auth/register', {
        json: { email: 'alice@example.com', password: 'hunter2hunter2' },
      });
      expect(res.status).toBe(403);
      expect(res.json.detail).toBe('Registration is disabled.');
    });

    it('rejects a 5-character password with 422 string_too_short', async () => {
      const res = await t.request('POST', '/api/auth/register', {
        json: { email: 'alice@example.com', password: 'short' },
      });
      expect(res.status).toBe(422);
      expect(res.json.detail).toEqual([
        {
          type: 'string_too_short',
          loc: ['body', 'password'],
          msg: 'String should have at least 8 characters',
          input: 'short',
          ctx: { min_length: 8 },
        },
      ]);
    });

    it('fires user_registered with the public user for an immediate registration', async () => {
      const seen: unknown[] = [];
      t.rs.on('user_registered', ({ user }) => {
        seen.push(user);
      });
      await t.registerAndLogin();
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ email: 'alice@example.com' });
      expect(JSON.stringify(seen[0])).not.toContain('argon2');
    });
  });

  describe('with verification required', () => {
    beforeEach(async () => {
      t = await createTestRegstack({ backend, config: { require_verification: true } });
    });

    async function registerPending(): Promise<void> {
      const res = await t.request('POST', '/api/auth/register', {
        json: { email: 'Alice@Example.com', password: 'hunter2hunter2', full_name: 'Alice' },
      });
      expect(res.status).toBe(201);
      expect(res.json).toEqual({
        status: 'pending_verification',
        email: 'alice@example.com',
        expires_at: '2025-01-02T00:00:00+00:00',
      });
    }

    it('creates a pending registration and mails a link to the bundled page', async () => {
      await registerPending();
      expect(await t.rs.storage.users.getByEmail('alice@example.com')).toBeNull();
      expect(await t.rs.storage.pending.findByEmail('alice@example.com')).not.toBeNull();
      expect(t.mailbox).toHaveLength(1);
      const mail = t.mailbox[0];
      expect(mail?.to).toBe('alice@example.com');
      expect(mail?.subject).toBe('Confirm your RegStack account');
      expect(mail?.text).toMatch(/verify|confirm/i);
      expect(mail?.text).toMatch(
        /http:\/\/localhost:8000\/account\/verify\?token=[A-Za-z0-9_-]{43}(\s|$)/,
      );
    });

    it('stores only the hash of the verification token', async () => {
      await registerPending();
      const raw = t.lastEmailToken();
      const row = await t.rs.storage.pending.findByEmail('alice@example.com');
      expect(row?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
      expect(row?.tokenHash).not.toContain(raw);
    });

    it('verifies with the mailed token, then logs in; the token is single-use', async () => {
      const verifiedEvents: string[] = [];
      const registeredEvents: string[] = [];
      t.rs.on('user_verified', ({ user }) => {
        verifiedEvents.push(user.email);
      });
      t.rs.on('user_registered', ({ user }) => {
        registeredEvents.push(user.email);
      });
      await registerPending();
      const token = t.lastEmailToken();
      const unverified = await t.login('alice@example.com', 'hunter2hunter2');
      expect(unverified.status).toBe(401);

      const verified = await t.request('POST', '/api/auth/verify', { json: { token } });
      expect(verified.status).toBe(200);
      expect(verified.json).toMatchObject({
        email: 'alice@example.com',
        is_verified: true,
        full_name: 'Alice',
      });
      expect(await t.rs.storage.pending.findByEmail('alice@example.com')).toBeNull();
      expect(verifiedEvents).toEqual(['alice@example.com']);
      expect(registeredEvents).toEqual(['alice@example.com']);

      const login = await t.login('alice@example.com', 'hunter2hunter2');
      expect(login.status).toBe(200);

      const reuse = await t.request('POST', '/api/auth/verify', { json: { token } });
      expect(reuse.status).toBe(400);
      expect(reuse.json.detail).toBe('Verification token is invalid or has expired.');
    });

    it('answers an expired verification token with its own message and drops the row', async () => {
      await t.close();
      t = await createTestRegstack({
        backend,
        config: { require_verification: true, verification_token_ttl_seconds: 60 },
      });
      await registerPending().catch(() => undefined);
      const token = t.lastEmailToken();
      t.clock.advance(120);
      const res = await t.request('POST', '/api/auth/verify', { json: { token } });
      expect(res.status).toBe(400);
      expect(res.json.detail).toBe('Verification token has expired. Request a new one.');
      expect(await t.rs.storage.pending.findByEmail('alice@example.com')).toBeNull();
    });

    it('rejects a bogus token', async () => {
      const res = await t.request('POST', '/api/auth/verify', { json: { token: 'not-a-token' } });
      expect(res.status).toBe(400);
      expect(res.json.detail).toBe('Verification token is invalid or has expired.');
    });

    it('resend replaces the token: the old link dies, the new one works', async () => {
      await registerPending();
      const first = t.lastEmailToken();
      const resent = await t.request('POST', '/api/auth/resend-verification', {
        json: { email: 'ALICE@example.com' },
      });
      expect(resent.status).toBe(202);
      expect(resent.json).toEqual({
        message: 'If a pending registration exists, a new email has been sent.',
      });
      expect(t.mailbox).toHaveLength(2);
      const second = t.lastEmailToken();
      expect(second).not.toBe(first);
      expect((await t.request('POST', '/api/auth/verify', { json: { token: first } })).status).toBe(
        400,
      );
      expect(
        (await t.request('POST', '/api/auth/verify', { json: { token: second } })).status,
      ).toBe(200);
    });

    it('resend revives an expired pending row (Decision 31)', async () => {
      await registerPending();
      t.clock.advance(2 * 86400);
      const resent = await t.request('POST', '/api/auth/resend-verification', {
        json: { email: 'alice@example.com' },
      });
      expect(resent.status).toBe(202);
      expect(t.mailbox).toHaveLength(2);
      const res = await t.request('POST', '/api/auth/verify', {
        json: { token: t.lastEmailToken() },
      });
      expect(res.status).toBe(200);
    });

    it('resend is silent for an unknown email and for a verified account', async () => {
      const unknown = await t.request('POST', '/api/auth/resend-verification', {
        json: { email: 'nobody@example.com' },
      });
      expect(unknown.status).toBe(202);
      expect(t.mailbox).toHaveLength(0);
      await registerPending();
      await t.request('POST', '/api/auth/verify', { json: { token: t.lastEmailToken() } });
      const again = await t.request('POST', '/api/auth/resend-verification', {
        json: { email: 'alice@example.com' },
      });
      expect(again.status).toBe(202);
      expect(t.mailbox).toHaveLength(1);
    });

    it('a correct password on an unverified account answers 403 (Decision 16)', async () => {
      await t.rs.storage.users.create({
        email: 'bob@example.com',
        hashedPassword: await t.rs.hasher.hash('hunter2hunter2'),
        isVerified: false,
      });
      const wrong = await t.login('bob@example.com', 'wrong-password');
      expect(wrong.status).toBe(401);
      const right = await t.login('bob@example.com', 'hunter2hunter2');
      expect(right.status).toBe(403);
      expect(right.json.detail).toBe('Email address has not been verified.');
    });

    it('verifying over an existing unverified account marks it verified (Decision 11)', async () => {
      const user = await t.rs.storage.users.create({
        email: 'carol@example.com',
        hashedPassword: await t.rs.hasher.hash('hunter2hunter2'),
        isVerified: false,
      });
      await t.rs.storage.pending.upsert({
        email: 'carol@example.com',
        hashedPassword: null,
        fullName: null,
        tokenHash: sha256Hex('carol-token'),
        expiresAt: t.clock.now() + 60_000_000,
      });
      const res = await t.request('POST', '/api/auth/verify', { json: { token: 'carol-token' } });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ _id: user.id, is_verified: true });
      expect(await t.rs.storage.users.count()).toBe(1);
    });

    it('a failing email transport still answers 201 and fires delivery_failed (Decision 15)', async () => {
      const failures: unknown[] = [];
      t.rs.on('delivery_failed', (payload) => {
        failures.push(payload);
      });
      t.rs.setEmailBackend({
        send: async () => {
          throw new Error('smtp is down');
        },
      });
      const res = await t.request('POST', '/api/auth/register', {
        json: { email: 'alice@example.com', password: 'hunter2hunter2' },
      });
      expect(res.status).toBe(201);
      expect(await t.rs.storage.pending.findByEmail('alice@example.com')).not.toBeNull();
      expect(failures).toEqual([
        { channel: 'email', kind: 'verification', to: 'alice@example.com', error: 'smtp is down' },
      ]);
      const logged = JSON.stringify(t.logs);
      expect(logged).toContain('smtp is down');
      expect(logged).not.toContain('token=');
    });
  });
});
