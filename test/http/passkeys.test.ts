import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigOverrides } from '../../src/config/overrides.js';
import { SoftAuthenticator, type SoftCredential } from '../support/soft-authenticator.js';
import {
  createTestRegstack,
  HTTP_BACKENDS,
  type TestRegstack,
  type TestResponse,
} from '../support/test-regstack.js';

/* Passkeys (issue 19), through the real handler, answered by a software authenticator. */

const API = '/api/auth';
const BASE = 'https://app.example.com';
const PASSWORD = 'hunter2hunter2';

type Options = Parameters<SoftAuthenticator['get']>[0] & Parameters<SoftAuthenticator['create']>[0];

describe.each(HTTP_BACKENDS)('passkeys on %s', (backend) => {
  let t: TestRegstack;

  async function start(config: ConfigOverrides = {}): Promise<void> {
    t = await createTestRegstack({
      backend,
      config: { enable_passkeys: true, base_url: BASE, ...config },
    });
  }
  afterEach(async () => {
    await t.close();
  });

  const post = (path: string, json?: unknown, token?: string): Promise<TestResponse> =>
    t.request('POST', `${API}${path}`, {
      ...(token === undefined ? {} : { token }),
      ...(json === undefined ? {} : { json }),
    });

  const options = (res: TestResponse): Options => res.json.options as Options;

  interface Account {
    readonly token: string;
    readonly userId: string;
    readonly email: string;
    readonly key: SoftAuthenticator;
  }

  async function account(email = 'alice@example.com'): Promise<Account> {
    const signedIn = await t.registerAndLogin(email, PASSWORD);
    return {
      token: signedIn.token,
      userId: signedIn.user._id,
      email,
      key: new SoftAuthenticator(BASE),
    };
  }

  /** Registers a passkey of `who` with their authenticator; returns the finish response. */
  async function register(who: Account, name?: string): Promise<TestResponse> {
    const started = await post('/passkeys/register/start', undefined, who.token);
    expect(started.status).toBe(200);
    const credential = who.key.create(options(started));
    return post(
      '/passkeys/register/finish',
      {
        challenge_id: started.json.challenge_id,
        credential,
        ...(name === undefined ? {} : { name }),
      },
      who.token,
    );
  }

  const lastCredential = (who: Account): SoftCredential => {
    const credential = who.key.credentials.at(-1);
    if (credential === undefined) throw new Error('no credential yet');
    return credential;
  };

  async function signInStart(): Promise<TestResponse> {
    const started = await post('/passkeys/login/start');
    expect(started.status).toBe(200);
    return started;
  }

  const signInFinish = (started: TestResponse, credential: unknown): Promise<TestResponse> =>
    post('/passkeys/login/finish', { challenge_id: started.json.challenge_id, credential });

  it('registers a passkey: creation options for this RP, the stored passkey, the challenge hashed', async () => {
    await start({ app_name: 'Acme' });
    const alice = await account();
    const started = await post('/passkeys/register/start', undefined, alice.token);
    expect(started.status).toBe(200);
    const opts = started.json.options as Record<string, unknown>;
    expect(opts.rp).toEqual({ id: 'app.example.com', name: 'Acme' });
    expect(opts.authenticatorSelection).toMatchObject({
      residentKey: 'required',
      userVerification: 'required',
    });
    expect(opts.excludeCredentials).toEqual([]);
    expect(Buffer.from(String((opts.user as { id: string }).id), 'base64url').toString()).toBe(
      alice.userId,
    );
    const storage: unknown = t.rs.storage;
    if (storage instanceof Object && 'rawQuery' in storage) {
      const rawQuery = storage.rawQuery as (statement: string) => Promise<unknown[]>;
      const rows = JSON.stringify(await rawQuery('select * from webauthn_challenges'));
      expect(rows).toContain(String(started.json.challenge_id));
      expect(rows).not.toContain(String(opts.challenge));
    }

    const credential = alice.key.create(options(started));
    const finished = await post(
      '/passkeys/register/finish',
      { challenge_id: started.json.challenge_id, credential, name: 'Laptop' },
      alice.token,
    );
    expect(finished.status).toBe(200);
    expect(finished.json).toEqual({
      id: expect.any(String),
      name: 'Laptop',
      created_at: expect.stringMatching(/Z$/),
      last_used_at: null,
      backed_up: true,
      device_type: 'multiDevice',
    });
    const stored = await t.rs.storage.passkeyCredentials.findByCredentialId(credential.id);
    expect(stored).toMatchObject({ userId: alice.userId, counter: 0, transports: ['internal'] });

    // The next registration excludes the passkey the user has.
    const again = await post('/passkeys/register/start', undefined, alice.token);
    expect((again.json.options as { excludeCredentials: unknown }).excludeCredentials).toEqual([
      { id: credential.id, type: 'public-key', transports: ['internal'] },
    ]);
  });

  it('a first passkey returns recovery codes once when enable_totp offers them', async () => {
    await start({ enable_totp: true });
    const alice = await account();
    const first = await register(alice);
    expect(first.status).toBe(200);
    expect(first.json.recovery_codes).toHaveLength(10);
    const second = await register(alice);
    expect(second.status).toBe(200);
    expect(second.json).not.toHaveProperty('recovery_codes');
  });

  it('lists, renames and removes passkeys; another user’s passkey is not found', async () => {
    await start();
    const alice = await account();
    const bob = await account('bob@example.com');
    const one = await register(alice, 'Phone');
    t.clock.advance(1);
    await register(alice);
    const list = await t.request('GET', `${API}/passkeys`, { token: alice.token });
    expect(list.status).toBe(200);
    expect((list.json.passkeys as Array<{ name: string }>).map((p) => p.name)).toEqual([
      'Phone',
      'Passkey',
    ]);
    expect(JSON.stringify(list.json)).not.toContain(lastCredential(alice).id);

    const path = `${API}/passkeys/${String(one.json.id)}`;
    const renamed = await t.request('PATCH', path, { token: alice.token, json: { name: 'Pixel' } });
    expect(renamed.status).toBe(200);
    expect(renamed.json).toMatchObject({ id: one.json.id, name: 'Pixel' });
    const empty = await t.request('PATCH', path, { token: alice.token, json: { name: '' } });
    expect(empty.status).toBe(422);
    const notBobs = await t.request('PATCH', path, { token: bob.token, json: { name: 'Mine' } });
    expect(notBobs.status).toBe(404);
    expect(notBobs.json.detail).toBe('Passkey not found.');

    const wrongPassword = await t.request('DELETE', path, {
      token: alice.token,
      json: { current_password: 'not-the-password' },
    });
    expect(wrongPassword.status).toBe(400);
    expect(wrongPassword.json.detail).toBe('Current password is incorrect.');
    const bobDeletes = await t.request('DELETE', path, {
      token: bob.token,
      json: { current_password: PASSWORD },
    });
    expect(bobDeletes.status).toBe(404);
    const removed = await t.request('DELETE', path, {
      token: alice.token,
      json: { current_password: PASSWORD },
    });
    expect(removed.status).toBe(200);
    expect(removed.json).toEqual({ message: 'Passkey removed.' });
    const after = await t.request('GET', `${API}/passkeys`, { token: alice.token });
    expect(after.json.passkeys).toHaveLength(1);
    const events = await t.rs.storage.audit.list(
      { types: ['passkey.added', 'passkey.removed'] },
      { limit: 10 },
    );
    expect(events.map((e) => e.type).sort()).toEqual([
      'passkey.added',
      'passkey.added',
      'passkey.removed',
    ]);
    expect(new Set(events.map((e) => e.userId)).size).toBe(1);
    expect(events.find((e) => e.type === 'passkey.removed')?.details).toEqual({
      passkey_id: one.json.id,
    });
  });

  it('a credential already bound to a user is refused for anyone else', async () => {
    await start();
    const alice = await account();
    const bob = await account('bob@example.com');
    expect((await register(alice)).status).toBe(200);
    const started = await post('/passkeys/register/start', undefined, bob.token);
    const copied = bob.key.create(options(started), { reuse: lastCredential(alice) });
    const res = await post(
      '/passkeys/register/finish',
      { challenge_id: started.json.challenge_id, credential: copied },
      bob.token,
    );
    expect(res.status).toBe(409);
    expect(res.json.detail).toBe('This passkey is already registered.');
    expect(await t.rs.storage.passkeyCredentials.listForUser(bob.userId)).toEqual([]);
  });

  it('registration refuses a wrong origin, a wrong RP id, a replayed or another user’s challenge', async () => {
    await start();
    const alice = await account();
    const bob = await account('bob@example.com');
    const attempt = async (
      who: Account,
      overrides: Parameters<SoftAuthenticator['create']>[1],
      challengeOf: Account = who,
    ): Promise<TestResponse> => {
      const started = await post('/passkeys/register/start', undefined, challengeOf.token);
      return post(
        '/passkeys/register/finish',
        {
          challenge_id: started.json.challenge_id,
          credential: who.key.create(options(started), overrides),
        },
        who.token,
      );
    };
    const wrongOrigin = await attempt(alice, { origin: 'https://evil.example.com' });
    expect(wrongOrigin.status).toBe(400);
    expect(wrongOrigin.json.detail).toBe('The passkey response could not be verified.');
    const wrongRp = await attempt(alice, { rpId: 'evil.example.com' });
    expect(wrongRp.status).toBe(400);
    expect(wrongRp.json.detail).toBe('The passkey response could not be verified.');
    const bobsChallenge = await attempt(alice, {}, bob);
    expect(bobsChallenge.status).toBe(400);
    expect(bobsChallenge.json.detail).toBe(
      'Passkey challenge not found or already used — start again.',
    );

    const started = await post('/passkeys/register/start', undefined, alice.token);
    const credential = alice.key.create(options(started));
    const body = { challenge_id: started.json.challenge_id, credential };
    expect((await post('/passkeys/register/finish', body, alice.token)).status).toBe(200);
    const replay = await post('/passkeys/register/finish', body, alice.token);
    expect(replay.status).toBe(400);
    expect(replay.json.detail).toBe('Passkey challenge not found or already used — start again.');
    expect(await t.rs.storage.passkeyCredentials.listForUser(alice.userId)).toHaveLength(1);
  });

  it('signs in with a passkey alone: discoverable options, a session with method "passkey"', async () => {
    await start();
    const alice = await account();
    await register(alice);
    const started = await signInStart();
    const opts = started.json.options as Record<string, unknown>;
    expect(opts.rpId).toBe('app.example.com');
    expect(opts.userVerification).toBe('required');
    expect(opts.allowCredentials ?? []).toEqual([]);

    const signedIn = await signInFinish(started, alice.key.get(options(started)));
    expect(signedIn.status).toBe(200);
    expect(signedIn.json).toMatchObject({ token_type: 'bearer', expires_in: expect.any(Number) });
    const token = String(signedIn.json.access_token);
    const me = await t.request('GET', `${API}/me`, { token });
    expect(me.status).toBe(200);
    expect(me.json.email).toBe(alice.email);
    const sessions = await t.request('GET', `${API}/sessions`, { token });
    const methods = (sessions.json.sessions as Array<{ method: string; current: boolean }>)
      .filter((s) => s.current)
      .map((s) => s.method);
    expect(methods).toEqual(['passkey']);
    const stored = await t.rs.storage.passkeyCredentials.findByCredentialId(
      lastCredential(alice).id,
    );
    expect(stored).toMatchObject({ counter: 1, lastUsedAt: t.clock.now() });
  });

  it('passkey sign-in refuses a wrong origin, a wrong RP id, another credential’s signature, an unknown credential', async () => {
    await start();
    const alice = await account();
    const bob = await account('bob@example.com');
    await register(alice);
    await register(bob);
    const cases: Array<[Parameters<SoftAuthenticator['get']>[1], string]> = [
      [{ origin: 'https://evil.example.com' }, 'The passkey response could not be verified.'],
      [{ origin: 'http://app.example.com' }, 'The passkey response could not be verified.'],
      [{ rpId: 'example.com' }, 'The passkey response could not be verified.'],
      [{ signWith: lastCredential(bob) }, 'The passkey response could not be verified.'],
      [{ challenge: 'A'.repeat(43) }, 'The passkey response could not be verified.'],
      [{ userVerified: false }, 'The passkey response could not be verified.'],
    ];
    for (const [overrides, detail] of cases) {
      const started = await signInStart();
      const res = await signInFinish(started, alice.key.get(options(started), overrides));
      expect({
        overrides: Object.keys(overrides ?? {}),
        status: res.status,
        detail: res.json.detail,
      }).toEqual({
        overrides: Object.keys(overrides ?? {}),
        status: 400,
        detail,
      });
      expect(res.json).not.toHaveProperty('access_token');
    }
    const stranger = new SoftAuthenticator(BASE);
    stranger.create({ challenge: 'x', rp: { id: 'app.example.com' }, user: { id: 'nobody' } });
    const started = await signInStart();
    const unknown = await signInFinish(started, stranger.get(options(started)));
    expect(unknown.status).toBe(400);
    expect(unknown.json.detail).toBe('This passkey is not registered for this account.');
    // Each refusal of alice's known passkey is in her log; the unknown credential names nobody.
    const failed = await t.rs.storage.audit.list({ types: ['login.failed'] }, { limit: 20 });
    expect(failed.map((e) => e.details.reason)).toEqual(cases.map(() => 'bad_passkey'));
  });

  it('passkey sign-in refuses a replayed challenge, an expired one and a backwards counter', async () => {
    await start();
    const alice = await account();
    await register(alice);
    const started = await signInStart();
    const assertion = alice.key.get(options(started));
    expect((await signInFinish(started, assertion)).status).toBe(200);
    const replay = await signInFinish(started, assertion);
    expect(replay.status).toBe(400);
    expect(replay.json.detail).toBe('Passkey challenge not found or already used — start again.');

    const late = await signInStart();
    t.clock.advance(301);
    const expired = await signInFinish(late, alice.key.get(options(late)));
    expect(expired.status).toBe(400);
    expect(expired.json.detail).toBe('Passkey challenge expired — start again.');

    const forward = await signInStart();
    expect(
      (await signInFinish(forward, alice.key.get(options(forward), { counter: 9 }))).status,
    ).toBe(200);
    const cloned = await signInStart();
    const backwards = await signInFinish(cloned, alice.key.get(options(cloned), { counter: 4 }));
    expect(backwards.status).toBe(400);
    expect(backwards.json.detail).toBe(
      'The passkey’s signature counter went backwards; it may have been copied.',
    );
    const equal = await signInStart();
    const same = await signInFinish(equal, alice.key.get(options(equal), { counter: 9 }));
    expect(same.status).toBe(400);
    expect(
      (await t.rs.storage.passkeyCredentials.findByCredentialId(lastCredential(alice).id))?.counter,
    ).toBe(9);
  });

  it('failed passkey sign-ins count toward the account lockout', async () => {
    await start({ login_lockout_threshold: 3, rate_limit_disabled: false });
    const alice = await account();
    await register(alice);
    for (let i = 0; i < 3; i++) {
      const started = await signInStart();
      const res = await signInFinish(
        started,
        alice.key.get(options(started), { rpId: 'x.example.com' }),
      );
      expect(res.status).toBe(400);
    }
    const started = await signInStart();
    const locked = await signInFinish(started, alice.key.get(options(started)));
    expect(locked.status).toBe(429);
    expect(String(locked.json.detail)).toMatch(/^Too many failed attempts/);
    expect((await t.login(alice.email, PASSWORD)).status).toBe(429);
  });

  describe('as a second factor', () => {
    async function pendingSignIn(who: Account): Promise<TestResponse> {
      const res = await t.login(who.email, PASSWORD);
      expect(res.status).toBe(200);
      expect(res.json.status).toBe('mfa_required');
      return res;
    }

    async function mfaStart(pending: TestResponse): Promise<TestResponse> {
      const res = await post('/login/mfa-passkey/start', {
        mfa_pending_token: pending.json.mfa_pending_token,
      });
      expect(res.status).toBe(200);
      return res;
    }

    const confirm = (pending: TestResponse, started: TestResponse, credential: unknown) =>
      post('/login/mfa-confirm', {
        mfa_pending_token: pending.json.mfa_pending_token,
        method: 'passkey',
        challenge_id: started.json.challenge_id,
        credential,
      });

    it('the password, then the passkey: methods name it, options list the user’s credentials only', async () => {
      await start();
      const alice = await account();
      const bob = await account('bob@example.com');
      await register(alice);
      await register(bob);
      const pending = await pendingSignIn(alice);
      expect(pending.json).toMatchObject({ delivery: 'passkey', methods: ['passkey'] });
      const started = await mfaStart(pending);
      const opts = started.json.options as { allowCredentials: Array<{ id: string }> };
      expect(opts.allowCredentials.map((c) => c.id)).toEqual([lastCredential(alice).id]);

      const done = await confirm(pending, started, alice.key.get(options(started)));
      expect(done.status).toBe(200);
      const token = String(done.json.access_token);
      const sessions = await t.request('GET', `${API}/sessions`, { token });
      const current = (sessions.json.sessions as Array<{ method: string; current: boolean }>).find(
        (s) => s.current,
      );
      expect(current?.method).toBe('mfa_passkey');
      // The pending token is spent.
      const again = await mfaStart(pending).catch(() => null);
      expect(again).toBeNull();
    });

    it('another user’s passkey, a replayed challenge or another sign-in’s challenge is refused and counted', async () => {
      await start();
      const alice = await account();
      const bob = await account('bob@example.com');
      await register(alice);
      await register(bob);
      // Each sign-in replaces the last one's attempt budget, so the other one starts first.
      const other = await pendingSignIn(alice);
      const pending = await pendingSignIn(alice);

      // Bob's authenticator answers Alice's challenge with Bob's credential.
      const started = await mfaStart(pending);
      const bobs = await confirm(
        pending,
        started,
        bob.key.get({ challenge: String(options(started).challenge), rpId: 'app.example.com' }),
      );
      expect(bobs.status).toBe(400);
      expect(bobs.json.detail).toBe(
        'This passkey is not registered for this account. 4 attempts remaining.',
      );

      // That challenge was spent by the refused attempt.
      const replay = await confirm(pending, started, alice.key.get(options(started)));
      expect(replay.status).toBe(400);
      expect(replay.json.detail).toBe(
        'Passkey challenge not found or already used — start again. 3 attempts remaining.',
      );

      // A challenge issued for another pending sign-in does not answer this one.
      const otherStarted = await mfaStart(other);
      const crossed = await confirm(pending, otherStarted, alice.key.get(options(otherStarted)));
      expect(crossed.status).toBe(400);
      expect(crossed.json.detail).toBe(
        'The passkey response could not be verified. 2 attempts remaining.',
      );

      const wrongOrigin = await mfaStart(pending);
      const bad = await confirm(
        pending,
        wrongOrigin,
        alice.key.get(options(wrongOrigin), { origin: 'https://evil.example.com' }),
      );
      expect(bad.status).toBe(400);
      expect(bad.json.detail).toBe(
        'The passkey response could not be verified. 1 attempts remaining.',
      );

      const last = await mfaStart(pending);
      const lastTry = await confirm(
        pending,
        last,
        alice.key.get(options(last), { signWith: lastCredential(bob) }),
      );
      expect(lastTry.status).toBe(400);
      expect(lastTry.json.detail).toBe('Too many wrong attempts — start the login flow again.');

      // The budget is spent: even a good assertion cannot finish this sign-in.
      const after = await mfaStart(pending);
      const good = await confirm(pending, after, alice.key.get(options(after)));
      expect(good.status).toBe(400);
      expect(good.json).not.toHaveProperty('access_token');
      expect(String(good.json.detail)).toMatch(/start the login flow again\.$/);
    });

    it('method "passkey" needs a challenge and a credential, and no code; unknown pending tokens are refused', async () => {
      await start();
      const alice = await account();
      await register(alice);
      const pending = await pendingSignIn(alice);
      const missing = await post('/login/mfa-confirm', {
        mfa_pending_token: pending.json.mfa_pending_token,
        method: 'passkey',
      });
      expect(missing.status).toBe(422);
      const locs = (missing.json.detail as Array<{ loc: string[] }>).map((d) => d.loc.join('.'));
      expect(locs).toEqual(['body.challenge_id', 'body.credential']);
      const withCode = await post('/login/mfa-confirm', {
        mfa_pending_token: pending.json.mfa_pending_token,
        method: 'passkey',
        code: '123456',
        challenge_id: 'x',
        credential: {
          id: 'a',
          rawId: 'a',
          type: 'public-key',
          response: { clientDataJSON: 'a', authenticatorData: 'a', signature: 'a' },
        },
      });
      expect(withCode.status).toBe(422);
      const garbage = await post('/login/mfa-confirm', {
        mfa_pending_token: pending.json.mfa_pending_token,
        method: 'passkey',
        challenge_id: (await mfaStart(pending)).json.challenge_id,
        credential: {
          id: lastCredential(alice).id,
          rawId: lastCredential(alice).id,
          type: 'public-key',
          response: { clientDataJSON: 'AAAA', authenticatorData: 'AAAA', signature: 'AAAA' },
        },
      });
      expect(garbage.status).toBe(400);
      expect(String(garbage.json.detail)).toMatch(/^The passkey response could not be verified\./);
      const badToken = await post('/login/mfa-passkey/start', { mfa_pending_token: 'nope' });
      expect(badToken.status).toBe(400);
    });

    it('a user without passkeys cannot start the passkey step', async () => {
      await start({ enable_totp: true });
      const alice = await account();
      const res = await post('/login/mfa-passkey/start', { mfa_pending_token: alice.token });
      expect(res.status).toBe(400);
    });
  });

  it('with enable_passkeys off the passkey routes are not mounted', async () => {
    await start({ enable_passkeys: false });
    expect((await post('/passkeys/login/start')).status).toBe(404);
  });

  it('account deletion removes the user’s passkeys', async () => {
    await start({ enable_account_deletion: true });
    const alice = await account();
    await register(alice);
    const res = await t.request('DELETE', `${API}/account`, {
      token: alice.token,
      json: { current_password: PASSWORD },
    });
    expect(res.status).toBe(200);
    expect(await t.rs.storage.passkeyCredentials.listForUser(alice.userId)).toEqual([]);
  });
});
