import { describe, expect, it } from 'vitest';
import type { EmailMessage, SmsMessage } from '../ports/delivery.js';
import type { Logger } from '../ports/logger.js';
import { type DeliveryFailure, deliverSafely } from './deliver.js';

interface LogEntry {
  readonly level: string;
  readonly fields: Record<string, unknown>;
  readonly message: string;
}

function capturingLogger(): { logger: Logger; entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) => {
    entries.push({ level, fields, message });
  };
  return {
    logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
    entries,
  };
}

const token = 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5';
const url = `https://app.example/account/verify?token=${token}`;
const email: EmailMessage = {
  to: 'u@example.com',
  subject: 'Confirm your MyApp account',
  html: `<a href="${url}">${url}</a>`,
  text: `Open ${url}\n`,
  fromAddress: 'noreply@example.com',
  fromName: 'MyApp',
};
const sms: SmsMessage = {
  to: '+14155552671',
  body: 'MyApp sign-in code: 482913. Expires in 5 minutes.',
  fromNumber: null,
};

const failing = (error: unknown) => ({
  send: async () => {
    throw error;
  },
});

describe('deliverSafely', () => {
  it('resolves true and logs nothing when the transport accepts the message', async () => {
    const { logger, entries } = capturingLogger();
    const sent: EmailMessage[] = [];
    const ok = await deliverSafely(
      { logger },
      {
        channel: 'email',
        kind: 'verification',
        transport: { send: async (m) => void sent.push(m) },
        message: email,
      },
    );
    expect(ok).toBe(true);
    expect(sent).toEqual([email]);
    expect(entries).toEqual([]);
  });

  it('on an email failure: warns with channel, kind, to and error, reports, never throws', async () => {
    const { logger, entries } = capturingLogger();
    const failures: DeliveryFailure[] = [];
    const ok = await deliverSafely(
      { logger, onFailure: (f) => void failures.push(f) },
      {
        channel: 'email',
        kind: 'verification',
        transport: failing(new Error('connect ECONNREFUSED 127.0.0.1:2525')),
        message: email,
      },
    );
    expect(ok).toBe(false);
    const expected = {
      channel: 'email',
      kind: 'verification',
      to: 'u@example.com',
      error: 'connect ECONNREFUSED 127.0.0.1:2525',
    };
    expect(entries).toEqual([
      { level: 'warn', fields: expected, message: 'email delivery failed' },
    ]);
    expect(failures).toEqual([expected]);
  });

  it('never logs or reports the link or token, even when the error echoes them', async () => {
    const { logger, entries } = capturingLogger();
    const failures: DeliveryFailure[] = [];
    await deliverSafely(
      { logger, onFailure: (f) => void failures.push(f) },
      {
        channel: 'email',
        kind: 'verification',
        transport: failing(new Error(`550 rejected content near ${url} and bare ${token}`)),
        message: email,
      },
    );
    const logged = JSON.stringify([entries, failures]);
    expect(logged).not.toContain(token);
    expect(logged).not.toContain(url);
    expect(logged).not.toContain('https://app.example');
    expect(failures[0]?.error).toBe('550 rejected content near [redacted] and bare [redacted]');
  });

  it('never logs or reports the SMS code, even when the error echoes the body', async () => {
    const { logger, entries } = capturingLogger();
    const failures: DeliveryFailure[] = [];
    await deliverSafely(
      { logger, onFailure: (f) => void failures.push(f) },
      {
        channel: 'sms',
        kind: 'login_mfa',
        transport: failing(`bad message: ${sms.body}`),
        message: sms,
      },
    );
    const logged = JSON.stringify([entries, failures]);
    expect(logged).not.toContain('482913');
    expect(logged).not.toMatch(/\b\d{6}\b/);
    expect(failures).toEqual([
      {
        channel: 'sms',
        kind: 'login_mfa',
        to: '+14155552671',
        error: 'bad message: MyApp sign-in code: [redacted]. Expires in 5 minutes.',
      },
    ]);
  });

  it('a throwing failure handler is logged and swallowed', async () => {
    const { logger, entries } = capturingLogger();
    const ok = await deliverSafely(
      {
        logger,
        onFailure: async () => {
          throw new Error('hook broke');
        },
      },
      {
        channel: 'sms',
        kind: 'phone_setup',
        transport: failing(new Error('timeout')),
        message: sms,
      },
    );
    expect(ok).toBe(false);
    expect(entries.map((e) => [e.level, e.message])).toEqual([
      ['warn', 'sms delivery failed'],
      ['error', 'delivery failure handler threw'],
    ]);
  });
});
