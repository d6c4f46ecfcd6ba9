import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../src/clock/fake-clock.js';
import { configFromOverrides } from '../../src/config/load.js';
import { createSmtpTransport } from '../../src/delivery/email/smtp-transport.js';
import { createTwilioTransport } from '../../src/delivery/sms/twilio-transport.js';
import { createJsonLogger } from '../../src/logging/json-logger.js';
import { createRegstack, type Regstack } from '../../src/regstack.js';
import { createPgTestSchema, type PgTestSchema } from '../support/db.js';
import { type FakeTwilio, startFakeTwilio } from '../support/fake-twilio.js';
import { decodeQuotedPrintable, type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { testConfigOverrides } from '../support/test-regstack.js';

/*
 * Every flow runs with real delivery (SMTP to a local server, SMS to a fake Twilio) and a
 * debug-level logger; everything written to the logger, stdout and stderr is collected.
 * No password, token, link or code that the flows handled may appear in it.
 */

describe('no secret reaches the logs', () => {
  let rs: Regstack;
  let sink: SmtpSink;
  let twilio: FakeTwilio;
  let schema: PgTestSchema;
  const output: string[] = [];
  const secrets = new Set<string>();
  const restore: Array<() => void> = [];
  const clock = createFakeClock();

  beforeAll(async () => {
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write.bind(stream);
      stream.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
        output.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        return original(chunk, ...rest);
      }) as typeof stream.write;
      restore.push(() => {
        stream.write = original;
      });
    }
    sink = await startSmtpSink();
    twilio = await startFakeTwilio('AC123', 'twilio-auth-token');
    schema = await createPgTestSchema();
    const config = configFromOverrides(
      testConfigOverrides({
        database_url: schema.url,
        require_verification: true,
        enable_sms_2fa: true,
        enable_admin_router: true,
        rate_limit_disabled: false,
        transport: 'cookie',
      }),
    );
    secrets.add(config.jwt_secret.reveal());
    rs = await createRegstack({
      config,
      clock,
      logger: createJsonLogger({ level: 'debug', write: (line) => output.push(line) }),
      emailTransport: createSmtpTransport({
        host: sink.host,
        port: sink.port,
        starttls: false,
        useTls: false,
        logger: createJsonLogger({ level: 'debug', write: (line) => output.push(line) }),
      }),
      smsTransport: createTwilioTransport({
        accountSid: 'AC123',
        authToken: 'twilio-auth-token',
        fromNumber: '+15550000000',
        baseUrl: twilio.url,
      }),
    });
    await rs.installSchema();
  });

  afterAll(async () => {
    for (const undo of restore) undo();
    await rs.close();
    await sink.close();
    await twilio.close();
    await schema.drop();
  });

  async function call(method: string, path: string, json?: unknown, token?: string) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await rs.fetch(
      new Request(`http://localhost:8000/api/auth${path}`, {
        method,
        headers,
        ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      }),
    );
    const body = (await res.json()) as Record<string, unknown>;
    await rs.settled();
    for (const key of ['access_token', 'mfa_pending_token', 'pending_token']) {
      if (typeof body[key] === 'string') secrets.add(body[key] as string);
    }
    return { status: res.status, body };
  }

  function lastMailToken(): string {
    const raw = decodeQuotedPrintable(sink.messages.at(-1)?.raw ?? '');
    const token = /token=([A-Za-z0-9_.-]+)/.exec(raw)?.[1];
    if (!token) throw new Error('no token in the last mail');
    secrets.add(token);
    return token;
  }

  function lastSmsCode(): string {
    const code = /\b(\d{6})\b/.exec(twilio.requests.at(-1)?.form.get('Body') ?? '')?.[1];
    if (!code) throw new Error('no code in the last SMS');
    secrets.add(code);
    return code;
  }

  it('runs every flow, then finds none of its secrets in the output', async () => {
    const password = 'correct horse battery';
    const newPassword = 'another correct horse';
    for (const p of [password, newPassword, 'wrong password!!']) secrets.add(p);

    expect((await call('POST', '/register', { email: 'alice@example.com', password })).status).toBe(
      201,
    );
    expect(
      (await call('POST', '/resend-verification', { email: 'alice@example.com' })).status,
    ).toBe(202);
    expect((await call('POST', '/verify', { token: lastMailToken() })).status).toBe(200);
    expect(
      (await call('POST', '/login', { email: 'alice@example.com', password: 'wrong password!!' }))
        .status,
    ).toBe(401);
    const session = String(
      (await call('POST', '/login', { email: 'alice@example.com', password })).body.access_token,
    );

    const start = await call(
      'POST',
      '/phone/start',
      { phone_number: '+14155552671', current_password: password },
      session,
    );
    expect(start.status, JSON.stringify(start.body)).toBe(202);
    const confirmed = await call('POST', '/phone/confirm', {
      pending_token: start.body.pending_token,
      code: lastSmsCode(),
    });
    expect(confirmed.status).toBe(200);

    const mfa = await call('POST', '/login', { email: 'alice@example.com', password });
    expect(mfa.body.status).toBe('mfa_required');
    const wrongCode = await call('POST', '/login/mfa-confirm', {
      mfa_pending_token: mfa.body.mfa_pending_token,
      code: '000000',
    });
    expect(wrongCode.status).toBe(400);
    const mfaSession = await call('POST', '/login/mfa-confirm', {
      mfa_pending_token: mfa.body.mfa_pending_token,
      code: lastSmsCode(),
    });
    expect(mfaSession.status).toBe(200);
    const token = String(mfaSession.body.access_token);

    expect((await call('POST', '/forgot-password', { email: 'alice@example.com' })).status).toBe(
      202,
    );
    clock.advance(1);
    const reset = await call('POST', '/reset-password', {
      token: lastMailToken(),
      new_password: newPassword,
    });
    expect(reset.status).toBe(200);

    clock.advance(1);
    const again = await call('POST', '/login', {
      email: 'alice@example.com',
      password: newPassword,
    });
    const session2 = String(
      (
        await call('POST', '/login/mfa-confirm', {
          mfa_pending_token: again.body.mfa_pending_token,
          code: lastSmsCode(),
        })
      ).body.access_token,
    );
    expect(
      (
        await call(
          'POST',
          '/change-email',
          { new_email: 'alice2@example.com', current_password: newPassword },
          session2,
        )
      ).status,
    ).toBe(202);
    expect((await call('POST', '/confirm-email-change', { token: lastMailToken() })).status).toBe(
      200,
    );

    // A failing transport is logged: its error must not carry the message either.
    rs.setEmailBackend({
      send: async (message) => {
        throw new Error(`relay refused message: ${message.text}`);
      },
    });
    await call('POST', '/register', { email: 'bob@example.com', password });
    expect((await call('GET', '/me', undefined, token)).status).toBe(401);

    const text = output.join('');
    // The collection works: the failed delivery above was logged through it.
    expect(text).toContain('relay refused message');
    expect(secrets.size).toBeGreaterThanOrEqual(12);
    for (const secret of secrets) {
      expect(text.includes(secret), `a secret of length ${secret.length} was logged`).toBe(false);
    }
  });
});
