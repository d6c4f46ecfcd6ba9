/*
 * An OpenID Provider that misbehaves on request, for the cases a certified provider never
 * produces (wrong nonce, foreign issuer, `alg: none`, unknown keys, slow endpoints). It is a
 * real HTTP server: it checks the client credentials, redirect URI and PKCE verifier it
 * receives, and records every request.
 */
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { type LocalServer, listenLocal, readBody } from './listen.js';

export type IdTokenFault =
  | 'none'
  | 'wrong_nonce'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'expired'
  | 'alg_none'
  | 'hs256'
  | 'unknown_kid'
  | 'missing_id_token';

export type EndpointFault = 'none' | 'slow' | 'down' | 'error_status';

export interface FakeOidcClaims {
  readonly sub: string;
  readonly email?: string | undefined;
  readonly email_verified?: boolean | undefined;
  readonly name?: string | undefined;
}

export interface FakeOidc {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  claims: FakeOidcClaims;
  idTokenFault: IdTokenFault;
  tokenFault: EndpointFault;
  jwksFault: EndpointFault;
  /** Milliseconds a `slow` endpoint waits before it answers. */
  slowMs: number;
  /** Problems the fake found with what it received (should stay empty). */
  readonly complaints: string[];
  readonly tokenRequests: URLSearchParams[];
  close(): Promise<void>;
}

interface Grant {
  readonly redirectUri: string;
  readonly challenge: string;
  readonly nonce: string;
}

function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

export async function startFakeOidc(): Promise<FakeOidc> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const { privateKey: strangerKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const grants = new Map<string, Grant>();
  let counter = 0;
  let server: LocalServer | undefined;

  const fake: FakeOidc = {
    issuer: '',
    clientId: 'fake-client',
    clientSecret: 'fake-client-secret',
    claims: { sub: 'fake-user' },
    idTokenFault: 'none',
    tokenFault: 'none',
    jwksFault: 'none',
    slowMs: 2500,
    complaints: [],
    tokenRequests: [],
    close: async () => server?.close(),
  };

  const sign = async (grant: Grant): Promise<string> => {
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      ...fake.claims,
      nonce: fake.idTokenFault === 'wrong_nonce' ? 'not-the-nonce' : grant.nonce,
    };
    const jwt = new SignJWT(payload)
      .setIssuer(fake.idTokenFault === 'wrong_issuer' ? 'https://evil.example' : fake.issuer)
      .setAudience(fake.idTokenFault === 'wrong_audience' ? 'someone-else' : fake.clientId)
      .setIssuedAt(fake.idTokenFault === 'expired' ? now - 7200 : now)
      .setExpirationTime(fake.idTokenFault === 'expired' ? now - 3600 : now + 600);
    if (fake.idTokenFault === 'alg_none') {
      const header = base64url(JSON.stringify({ alg: 'none', typ: 'JWT' }));
      const body = base64url(
        JSON.stringify({
          ...payload,
          iss: fake.issuer,
          aud: fake.clientId,
          iat: now,
          exp: now + 600,
        }),
      );
      return `${header}.${body}.`;
    }
    if (fake.idTokenFault === 'hs256') {
      return jwt
        .setProtectedHeader({ alg: 'HS256', kid: 'key-1' })
        .sign(new TextEncoder().encode(fake.clientSecret));
    }
    const key: KeyObject = fake.idTokenFault === 'unknown_kid' ? strangerKey : privateKey;
    const kid = fake.idTokenFault === 'unknown_kid' ? 'stranger' : 'key-1';
    return jwt.setProtectedHeader({ alg: 'RS256', kid }).sign(key);
  };

  const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  server = await listenLocal((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', fake.issuer);
      const json = (status: number, body: unknown): void => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      if (url.pathname === '/.well-known/openid-configuration') {
        json(200, {
          issuer: fake.issuer,
          authorization_endpoint: `${fake.issuer}/authorize`,
          token_endpoint: `${fake.issuer}/token`,
          jwks_uri: `${fake.issuer}/jwks`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256', 'HS256', 'none'],
          code_challenge_methods_supported: ['S256'],
          token_endpoint_auth_methods_supported: ['client_secret_post'],
        });
        return;
      }
      if (url.pathname === '/jwks') {
        if (fake.jwksFault === 'slow') await delay(fake.slowMs);
        if (fake.jwksFault === 'down') {
          request.socket.destroy();
          return;
        }
        if (fake.jwksFault === 'error_status') return json(500, { error: 'server_error' });
        json(200, {
          keys: [
            { ...publicKey.export({ format: 'jwk' }), kid: 'key-1', alg: 'RS256', use: 'sig' },
          ],
        });
        return;
      }
      if (url.pathname === '/authorize') {
        const params = url.searchParams;
        if (params.get('client_id') !== fake.clientId) fake.complaints.push('authorize: client_id');
        if (params.get('response_type') !== 'code')
          fake.complaints.push('authorize: response_type');
        if (params.get('code_challenge_method') !== 'S256') fake.complaints.push('authorize: pkce');
        counter += 1;
        const code = `code-${counter}`;
        grants.set(code, {
          redirectUri: params.get('redirect_uri') ?? '',
          challenge: params.get('code_challenge') ?? '',
          nonce: params.get('nonce') ?? '',
        });
        const back = new URL(params.get('redirect_uri') ?? '');
        back.searchParams.set('code', code);
        back.searchParams.set('state', params.get('state') ?? '');
        response.writeHead(302, { location: back.href });
        response.end();
        return;
      }
      if (url.pathname === '/token' && request.method === 'POST') {
        const form = new URLSearchParams(await readBody(request));
        fake.tokenRequests.push(form);
        if (fake.tokenFault === 'slow') await delay(fake.slowMs);
        if (fake.tokenFault === 'down') {
          request.socket.destroy();
          return;
        }
        if (fake.tokenFault === 'error_status') {
          return json(400, { error: 'invalid_grant', error_description: '<script>x</script>' });
        }
        const grant = grants.get(form.get('code') ?? '');
        grants.delete(form.get('code') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        const challenge = createHash('sha256').update(verifier).digest('base64url');
        if (
          grant === undefined ||
          form.get('client_id') !== fake.clientId ||
          form.get('client_secret') !== fake.clientSecret ||
          form.get('grant_type') !== 'authorization_code' ||
          form.get('redirect_uri') !== grant.redirectUri ||
          challenge !== grant.challenge
        ) {
          fake.complaints.push('token: bad request');
          return json(400, { error: 'invalid_grant' });
        }
        const body: Record<string, unknown> = {
          access_token: `access-${counter}`,
          token_type: 'Bearer',
          expires_in: 3600,
        };
        if (fake.idTokenFault !== 'missing_id_token') body.id_token = await sign(grant);
        json(200, body);
        return;
      }
      json(404, { error: 'not_found' });
    })();
  });
  Object.assign(fake, { issuer: server.url });
  return fake;
}
