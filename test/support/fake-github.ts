/*
 * GitHub's OAuth and REST endpoints on loopback: authorize, access_token (checks client
 * credentials, redirect URI and the PKCE verifier), `GET /user` and `GET /user/emails`
 * (check the bearer token and the API headers).
 */
import { createHash } from 'node:crypto';
import { type LocalServer, listenLocal, readBody } from './listen.js';

export interface FakeGithub {
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: string;
  user: Record<string, unknown>;
  emails: Array<{ email: string; primary: boolean; verified: boolean }>;
  readonly complaints: string[];
  close(): Promise<void>;
}

export async function startFakeGithub(): Promise<FakeGithub> {
  const grants = new Map<string, { challenge: string; redirectUri: string }>();
  const tokens = new Set<string>();
  let counter = 0;
  let server: LocalServer | undefined;
  const fake: FakeGithub = {
    url: '',
    clientId: 'Iv1.github-client',
    clientSecret: 'github-secret',
    user: { id: 4242, login: 'octo', name: 'Octo Cat', avatar_url: 'https://example.com/a.png' },
    emails: [{ email: 'octo@example.com', primary: true, verified: true }],
    complaints: [],
    close: async () => server?.close(),
  };
  server = await listenLocal((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const json = (status: number, body: unknown): void => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      if (url.pathname === '/login/oauth/authorize') {
        if (url.searchParams.get('client_id') !== fake.clientId)
          fake.complaints.push('authorize: client_id');
        if (url.searchParams.get('code_challenge_method') !== 'S256')
          fake.complaints.push('authorize: pkce');
        counter += 1;
        const code = `ghcode-${counter}`;
        grants.set(code, {
          challenge: url.searchParams.get('code_challenge') ?? '',
          redirectUri: url.searchParams.get('redirect_uri') ?? '',
        });
        const back = new URL(url.searchParams.get('redirect_uri') ?? '');
        back.searchParams.set('code', code);
        back.searchParams.set('state', url.searchParams.get('state') ?? '');
        response.writeHead(302, { location: back.href });
        response.end();
        return;
      }
      if (url.pathname === '/login/oauth/access_token' && request.method === 'POST') {
        const form = new URLSearchParams(await readBody(request));
        const grant = grants.get(form.get('code') ?? '');
        grants.delete(form.get('code') ?? '');
        const challenge = createHash('sha256')
          .update(form.get('code_verifier') ?? '')
          .digest('base64url');
        if (!String(request.headers.accept).includes('application/json'))
          fake.complaints.push('token: accept');
        if (
          grant === undefined ||
          grant.challenge !== challenge ||
          grant.redirectUri !== form.get('redirect_uri') ||
          form.get('client_id') !== fake.clientId ||
          form.get('client_secret') !== fake.clientSecret
        ) {
          // GitHub answers 200 with an error body.
          return json(200, { error: 'bad_verification_code' });
        }
        const token = `gho_${counter}`;
        tokens.add(token);
        return json(200, {
          access_token: token,
          token_type: 'bearer',
          scope: 'read:user,user:email',
        });
      }
      if (url.pathname === '/user' || url.pathname === '/user/emails') {
        const token = String(request.headers.authorization).replace(/^Bearer /, '');
        if (!tokens.has(token)) return json(401, { message: 'Bad credentials' });
        if (request.headers.accept !== 'application/vnd.github+json')
          fake.complaints.push('api: accept');
        if (request.headers['user-agent'] === undefined) fake.complaints.push('api: user-agent');
        return json(200, url.pathname === '/user' ? fake.user : fake.emails);
      }
      json(404, { message: 'Not Found' });
    })();
  });
  Object.assign(fake, { url: server.url });
  return fake;
}
