/**
 * A real SMTP server on loopback (smtp-server) that keeps every message it receives, for the
 * SMTP transport tests. Supports plaintext, STARTTLS and implicit TLS with the test-only
 * certificate in `tls/`, and optional username/password auth.
 */
import { readFileSync } from 'node:fs';
import { SMTPServer } from 'smtp-server';

const TLS_DIR = new URL('./tls/', import.meta.url);

/** The test certificate, for clients that must trust the sink (`tls: { ca }`). */
export const SMTP_SINK_CA: string = readFileSync(new URL('cert.pem', TLS_DIR), 'utf8');

export interface SmtpSinkOptions {
  /** Implicit TLS from the first byte. @default false */
  readonly secure?: boolean | undefined;
  /** Offer STARTTLS on a plaintext listener. @default false */
  readonly starttls?: boolean | undefined;
  /** Require AUTH with these credentials; without it, AUTH is not offered. */
  readonly auth?: { readonly username: string; readonly password: string } | undefined;
}

export interface ReceivedMail {
  readonly envelopeFrom: string;
  readonly envelopeTo: readonly string[];
  /** The RFC 822 message as received. */
  readonly raw: string;
  /** Whether the session was encrypted when the message was sent. */
  readonly secure: boolean;
  /** The authenticated user, if any. */
  readonly user: string | undefined;
}

export interface SmtpSink {
  readonly host: string;
  readonly port: number;
  readonly messages: ReceivedMail[];
  /** Every AUTH attempt seen: username and password as sent. */
  readonly authAttempts: { readonly username: string; readonly password: string }[];
  close(): Promise<void>;
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const authAttempts: { username: string; password: string }[] = [];
  const useTls = options.secure === true || options.starttls === true;
  const disabled = [
    ...(options.auth === undefined ? ['AUTH'] : []),
    ...(options.starttls === true || options.secure === true ? [] : ['STARTTLS']),
  ];
  const server = new SMTPServer({
    secure: options.secure === true,
    ...(useTls ? { key: readFileSync(new URL('key.pem', TLS_DIR)), cert: SMTP_SINK_CA } : {}),
    disabledCommands: disabled,
    authOptional: options.auth === undefined,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      const username = auth.username ?? '';
      const password = auth.password ?? '';
      authAttempts.push({ username, password });
      if (username === options.auth?.username && password === options.auth.password) {
        callback(null, { user: username });
      } else {
        callback(new Error('Invalid username or password'));
      }
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push({
          envelopeFrom:
            session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          secure: session.secure,
          user: typeof session.user === 'string' ? session.user : undefined,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('SMTP sink has no port');
  const { port } = address;
  return {
    host: '127.0.0.1',
    port,
    messages,
    authAttempts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The value of the first header `name` (unfolded), or undefined. */
export function headerOf(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const line = unfolded
    .split(/\r?\n/)
    .find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

/** Decodes a quoted-printable body (soft line breaks and `=XX` escapes, UTF-8). */
export function decodeQuotedPrintable(text: string): string {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

export interface MimePart {
  readonly contentType: string;
  readonly body: string;
}

/** The parts of a multipart message, bodies decoded (quoted-printable or base64). */
export function mimeParts(raw: string): MimePart[] {
  const contentType = headerOf(raw, 'content-type') ?? '';
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (boundary === undefined) return [];
  return raw
    .split(`--${boundary}`)
    .slice(1)
    .filter((chunk) => !chunk.startsWith('--'))
    .map((chunk) => {
      const part = chunk.replace(/^\r?\n/, '');
      const [head = '', ...rest] = part.split(/\r?\n\r?\n/);
      const body = rest.join('\r\n\r\n');
      const encoding = (
        headerOf(`${head}\r\n\r\n`, 'content-transfer-encoding') ?? ''
      ).toLowerCase();
      const decoded =
        encoding === 'quoted-printable'
          ? decodeQuotedPrintable(body)
          : encoding === 'base64'
            ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
            : body;
      return { contentType: headerOf(`${head}\r\n\r\n`, 'content-type') ?? '', body: decoded };
    });
}
