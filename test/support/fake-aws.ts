/**
 * A local stand-in for the SES v2 and SNS Query endpoints. Every request's SigV4 signature is
 * recomputed here with node:crypto from the known test credentials (not with the library under
 * test), and a bad signature is answered 403 as AWS would.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { listenLocal, readBody } from './listen.js';

export interface FakeAwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
}

export interface RecordedAwsRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Credential scope from the Authorization header. */
  readonly scope: {
    readonly date: string;
    readonly region: string;
    readonly service: string;
  } | null;
  readonly signedHeaders: readonly string[];
  /** `null` when the signature checked out, else why it did not. */
  readonly signatureProblem: string | null;
}

export interface FakeAwsReply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly body: string;
}

export interface FakeAws {
  readonly url: string;
  readonly requests: RecordedAwsRequest[];
  /** Replaces the next replies (one per request) before the default SES/SNS answers. */
  readonly queuedReplies: FakeAwsReply[];
  close(): Promise<void>;
}

export const TEST_AWS_CREDENTIALS: FakeAwsCredentials = {
  accessKeyId: 'AKIDEXAMPLETEST00001',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};

function sha256Hex(data: string): string {
  return createHash('sha256').update(data, 'utf8').digest('hex');
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

// RFC 3986 encoding as SigV4 wants it (unreserved characters kept, everything else %XX).
function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function canonicalQuery(search: URLSearchParams): string {
  return [...search.entries()]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

interface ParsedAuthorization {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: string[];
  readonly signature: string;
}

function parseAuthorization(value: string | undefined): ParsedAuthorization | null {
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      value ?? '',
    );
  if (match === null) return null;
  const [, accessKeyId = '', date = '', region = '', service = '', signed = '', signature = ''] =
    match;
  return { accessKeyId, date, region, service, signedHeaders: signed.split(';'), signature };
}

function checkSignature(
  credentials: FakeAwsCredentials,
  request: IncomingMessage,
  headers: Record<string, string>,
  body: string,
  auth: ParsedAuthorization | null,
): string | null {
  if (auth === null) return 'missing or malformed Authorization header';
  if (auth.accessKeyId !== credentials.accessKeyId) return 'unknown access key id';
  const amzDate = headers['x-amz-date'] ?? '';
  if (!amzDate.startsWith(auth.date)) return 'x-amz-date does not match the credential scope';
  for (const required of ['host', 'x-amz-date']) {
    if (!auth.signedHeaders.includes(required)) return `${required} is not signed`;
  }
  if (credentials.sessionToken !== undefined) {
    if (headers['x-amz-security-token'] !== credentials.sessionToken) return 'wrong session token';
    if (!auth.signedHeaders.includes('x-amz-security-token')) return 'session token not signed';
  }
  const url = new URL(request.url ?? '/', 'http://fake');
  const canonicalHeaders = auth.signedHeaders
    .map((name) => `${name}:${(headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const canonicalPath = url.pathname
    .split('/')
    .map((s) => uriEncode(decodeURIComponent(s)))
    .join('/');
  const canonicalRequest = [
    request.method ?? 'GET',
    canonicalPath,
    canonicalQuery(url.searchParams),
    canonicalHeaders,
    auth.signedHeaders.join(';'),
    sha256Hex(body),
  ].join('\n');
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  let key = hmac(`AWS4${credentials.secretAccessKey}`, auth.date);
  key = hmac(key, auth.region);
  key = hmac(key, auth.service);
  key = hmac(key, 'aws4_request');
  const expected = createHmac('sha256', key).update(stringToSign, 'utf8').digest();
  const given = Buffer.from(auth.signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected)
    ? null
    : 'signature does not match';
}

function defaultReply(path: string, body: string): FakeAwsReply {
  if (path === '/v2/email/outbound-emails') {
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ MessageId: 'fake-ses-message-id' }),
    };
  }
  if (new URLSearchParams(body).get('Action') === 'Publish') {
    return {
      status: 200,
      headers: { 'content-type': 'text/xml' },
      body:
        '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult>' +
        '<MessageId>fake-sns-message-id</MessageId></PublishResult></PublishResponse>',
    };
  }
  return { status: 404, body: 'not found' };
}

export async function startFakeAws(
  credentials: FakeAwsCredentials = TEST_AWS_CREDENTIALS,
): Promise<FakeAws> {
  const requests: RecordedAwsRequest[] = [];
  const queuedReplies: FakeAwsReply[] = [];
  const server = await listenLocal((request, response) => {
    void readBody(request).then((body) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === 'string') headers[name] = value;
      }
      const auth = parseAuthorization(headers.authorization);
      const signatureProblem = checkSignature(credentials, request, headers, body, auth);
      const path = new URL(request.url ?? '/', 'http://fake').pathname;
      requests.push({
        method: request.method ?? 'GET',
        path,
        headers,
        body,
        scope:
          auth === null ? null : { date: auth.date, region: auth.region, service: auth.service },
        signedHeaders: auth?.signedHeaders ?? [],
        signatureProblem,
      });
      const reply: FakeAwsReply =
        signatureProblem !== null
          ? {
              status: 403,
              headers: { 'x-amzn-ErrorType': 'SignatureDoesNotMatch:http://internal.amazon.com/' },
              body: `<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code><Message>${signatureProblem}</Message></Error></ErrorResponse>`,
            }
          : (queuedReplies.shift() ?? defaultReply(path, body));
      response.writeHead(reply.status, reply.headers ?? {});
      response.end(reply.body);
    });
  });
  return { url: server.url, requests, queuedReplies, close: () => server.close() };
}
