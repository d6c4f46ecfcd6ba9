import { afterEach, describe, expect, it } from 'vitest';
import {
  createSmtpTransport,
  type SmtpTransportOptions,
} from '../../src/delivery/email/smtp-transport.js';
import type { EmailMessage } from '../../src/ports/delivery.js';
import {
  headerOf,
  mimeParts,
  SMTP_SINK_CA,
  type SmtpSink,
  type SmtpSinkOptions,
  startSmtpSink,
} from '../support/smtp-sink.js';

const message: EmailMessage = {
  to: 'user@example.com',
  subject: 'Confirm your MyApp account',
  html: '<p>Hi <b>Ada</b>, open <a href="https://app.example/account/verify?token=abc_DEF-123">this link</a>.</p>',
  text: 'Hi Ada, open https://app.example/account/verify?token=abc_DEF-123\n',
  fromAddress: 'noreply@example.com',
  fromName: 'MyApp',
};

let sink: SmtpSink | undefined;
afterEach(async () => {
  await sink?.close();
  sink = undefined;
});

async function setup(sinkOptions: SmtpSinkOptions, transport: Partial<SmtpTransportOptions>) {
  sink = await startSmtpSink(sinkOptions);
  return {
    sink,
    transport: createSmtpTransport({
      host: sink.host,
      port: sink.port,
      starttls: false,
      useTls: false,
      timeoutMs: 5_000,
      tls: { ca: SMTP_SINK_CA, servername: 'localhost' },
      ...transport,
    }),
  };
}

describe('SMTP transport against a real smtp-server sink', () => {
  it('sends multipart/alternative with text and HTML parts and the right headers (plaintext)', async () => {
    const { sink, transport } = await setup({}, {});
    await transport.send(message);
    expect(sink.messages).toHaveLength(1);
    const [received] = sink.messages;
    if (received === undefined) throw new Error('no message');
    expect(received.secure).toBe(false);
    expect(received.envelopeFrom).toBe('noreply@example.com');
    expect(received.envelopeTo).toEqual(['user@example.com']);
    expect(headerOf(received.raw, 'From')).toBe('MyApp <noreply@example.com>');
    expect(headerOf(received.raw, 'To')).toBe('user@example.com');
    expect(headerOf(received.raw, 'Subject')).toBe('Confirm your MyApp account');
    expect(headerOf(received.raw, 'Content-Type')).toMatch(/^multipart\/alternative;/);
    const parts = mimeParts(received.raw);
    expect(parts.map((p) => p.contentType.split(';')[0])).toEqual(['text/plain', 'text/html']);
    expect(parts[0]?.body).toContain('https://app.example/account/verify?token=abc_DEF-123');
    expect(parts[1]?.body).toContain('href="https://app.example/account/verify?token=abc_DEF-123"');
  });

  it('does not upgrade opportunistically when starttls is off', async () => {
    const { sink, transport } = await setup({ starttls: true }, { starttls: false });
    await transport.send(message);
    expect(sink.messages[0]?.secure).toBe(false);
  });

  it('upgrades with STARTTLS when starttls is on', async () => {
    const { sink, transport } = await setup({ starttls: true }, { starttls: true });
    await transport.send(message);
    expect(sink.messages[0]?.secure).toBe(true);
  });

  it('refuses to send in plaintext when starttls is on but the server offers no STARTTLS', async () => {
    const { sink, transport } = await setup({}, { starttls: true });
    await expect(transport.send(message)).rejects.toThrow(/STARTTLS/);
    expect(sink.messages).toEqual([]);
  });

  it('speaks TLS from the first byte when useTls is on (Decision 42)', async () => {
    const { sink, transport } = await setup({ secure: true }, { useTls: true, starttls: true });
    await transport.send(message);
    expect(sink.messages[0]?.secure).toBe(true);
  });

  it('rejects a certificate it does not trust', async () => {
    const { sink, transport } = await setup({ secure: true }, { useTls: true, tls: {} });
    await expect(transport.send(message)).rejects.toThrow(/certificate/i);
    expect(sink.messages).toEqual([]);
  });

  it('authenticates when a username is set', async () => {
    const auth = { username: 'mailer', password: 's3cret pass' };
    const { sink, transport } = await setup(
      { starttls: true, auth },
      { starttls: true, username: 'mailer', password: 's3cret pass' },
    );
    await transport.send(message);
    expect(sink.authAttempts).toEqual([auth]);
    expect(sink.messages[0]?.user).toBe('mailer');
  });

  it('authenticates with an empty password when smtp_password is null', async () => {
    const auth = { username: 'relay-user', password: '' };
    const { sink, transport } = await setup({ auth }, { username: 'relay-user', password: null });
    await transport.send(message);
    expect(sink.authAttempts).toEqual([auth]);
    expect(sink.messages).toHaveLength(1);
  });

  it('throws when the server rejects the credentials', async () => {
    const { sink, transport } = await setup(
      { auth: { username: 'mailer', password: 'right' } },
      { username: 'mailer', password: 'wrong' },
    );
    await expect(transport.send(message)).rejects.toMatchObject({ code: 'EAUTH' });
    expect(sink.messages).toEqual([]);
  });

  it('does not authenticate when the username is empty', async () => {
    const { sink, transport } = await setup({}, { username: '', password: 'ignored' });
    await transport.send(message);
    expect(sink.authAttempts).toEqual([]);
    expect(sink.messages).toHaveLength(1);
  });

  it('encodes a non-ASCII subject and body', async () => {
    const { sink, transport } = await setup({}, {});
    await transport.send({
      ...message,
      subject: 'Bestätigen Sie Ihr Konto',
      text: 'Grüße, é → ü\n',
    });
    const raw = sink.messages[0]?.raw ?? '';
    expect(headerOf(raw, 'Subject')).toMatch(/^=\?UTF-8\?/i);
    expect(mimeParts(raw)[0]?.body).toContain('Grüße, é → ü');
  });

  it('verify() checks the connection without sending', async () => {
    const { sink, transport } = await setup({ starttls: true }, { starttls: true });
    await transport.verify();
    expect(sink.messages).toEqual([]);
  });

  it('throws when nothing listens', async () => {
    const { sink, transport } = await setup({}, {});
    await sink.close();
    await expect(transport.send(message)).rejects.toThrow(/ECONNREFUSED/);
  });
});
