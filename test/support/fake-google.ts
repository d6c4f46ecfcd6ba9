/*
 * Google's fixed endpoints on loopback (authorization, token, certs), reached through the
 * provider's test-only endpoint override. The token endpoint checks the request spec §7.2
 * describes and the PKCE verifier; ID tokens are RS256 with Google's claims.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { type LocalServer, listenLocal, readBody } from './listen.js';

export interface FakeGoogle {
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: string;
  claims: Record<string, unknown>;
  /** The `iss` claim to put in ID tokens (Google uses two spellings). */
  issuer: string;
  readonly complaints: string[];
  readonly authorizeRequests: URLSearchParams[];
  close(): Promise<void>;
}

export async function startFakeGoogle(): Promise<FakeGoogle> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const grants = new Map<string, { challenge: string; nonce: string; redirectUri: string }>();
  let counter = 0;
  let server: LocalServer | undefined;
  const fake: FakeGoogle = {
    url: '',
    clientId: '12345.apps.googleusercontent.com',
    clientSecret: 'google-secret',
    claims: { sub: 'g-1', email: 'g@example.com', email_verified: true },
    issuer: 'https://accounts.google.com',
    complaints: [],
    authorizeRequests: [],
    close: async () => server?.close(),
  };
  server = await listenLocal((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      if (url.pathname === '/auth') {
        fake.authorizeRequests.push(url.searchParams);
        counter += 1;
        const code = `gcode-${counter}`;
        grants.set(code, {
          challenge: url.searchParams.get('code_challenge') ?? '',
          nonce: url.searchParams.get('nonce') ?? '',
          redirectUri: url.searchParams.get('redirect_uri') ?? '',
        });
        const back = new URL(url.searchParams.get('redirect_uri') ?? '');
        back.searchParams.set('state', url.searchParams.get('state') ?? '');
        back.searchParams.set('code', code);
        response.writeHead(302, { location: back.href });
        response.end();
        return;
      }
      if (url.pathname === '/certs') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            keys: [
              { ...publicKey.export({ format: 'jwk' }), kid: 'g-key', alg: 'RS256', use: 'sig' },
            ],
          }),
        );
        return;
      }
      if (url.pathname === '/token' && request.method === 'POST') {
        const form = new URLSearchParams(await readBody(request));
        const keys = [...form.keys()].join(',');
        if (keys !== 'code,client_id,client_secret,redirect_uri,grant_type,code_verifier') {
          fake.complaints.push(`token: fields ${keys}`);
        }
        if (request.headers.accept !== 'application/json') fake.complaints.push('token: accept');
        if (
          !String(request.headers['content-type']).startsWith('application/x-www-form-urlencoded')
        ) {
          fake.complaints.push('token: content-type');
        }
        const grant = grants.get(form.get('code') ?? '');
        const challenge = createHash('sha256')
          .update(form.get('code_verifier') ?? '')
          .digest('base64url');
        if (
          grant === undefined ||
          grant.challenge !== challenge ||
          grant.redirectUri !== form.get('redirect_uri') ||
          form.get('client_secret') !== fake.clientSecret ||
          form.get('grant_type') !== 'authorization_code'
        ) {
          response.writeHead(400, { 'content-type': 'application/json' });
          response.end('{"error":"invalid_grant"}');
          return;
        }
        const idToken = await new SignJWT({ ...fake.claims, nonce: grant.nonce })
          .setProtectedHeader({ alg: 'RS256', kid: 'g-key' })
          .setIssuer(fake.issuer)
          .setAudience(fake.clientId)
          .setIssuedAt()
          .setExpirationTime('10m')
          .sign(privateKey);
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({ access_token: 'g-access', id_token: idToken, expires_in: 3599 }),
        );
        return;
      }
      response.writeHead(404);
      response.end();
    })();
  });
  Object.assign(fake, { url: server.url });
  return fake;
}
