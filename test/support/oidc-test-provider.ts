/*
 * A real OpenID Provider for tests: panva's `oidc-provider` (OpenID certified) on a loopback
 * port, with one confidential client, PKCE required, and an interaction that signs in the
 * account the test chose and consents to what was asked, so a flow needs no clicks.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import Provider, { type AccountClaims, type KoaContextWithOIDC } from 'oidc-provider';

export interface TestAccountClaims {
  readonly sub: string;
  readonly email?: string | undefined;
  readonly email_verified?: boolean | undefined;
  readonly name?: string | undefined;
  readonly picture?: string | undefined;
}

export interface OidcTestProvider {
  /** The issuer URL (`http://127.0.0.1:<port>`). */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The account the next sign-in logs in as. */
  signInAs(claims: TestAccountClaims): void;
  /** Replaces the client's registered redirect URIs (for a server whose port comes later). */
  setRedirectUris(uris: readonly string[]): void;
  /** How many times the JWKS was downloaded. */
  jwksRequests(): number;
  /** Replaces the signing key (key rotation); the old key leaves the JWKS. */
  rotateKeys(): Promise<void>;
  close(): Promise<void>;
}

function rsaJwk(kid: string): Record<string, unknown> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
}

export async function startOidcTestProvider(options: {
  readonly redirectUris: readonly string[];
}): Promise<OidcTestProvider> {
  const clientId = 'regstack-test-client';
  const clientSecret = 'regstack-test-client-secret-0123456789';
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const issuer = `http://127.0.0.1:${address.port}`;

  let account: TestAccountClaims = { sub: 'oidc-user-1' };
  const accounts = new Map<string, TestAccountClaims>();
  let keyNumber = 1;
  let redirectUris: readonly string[] = options.redirectUris;

  const build = (): Provider => {
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: clientId,
          client_secret: clientSecret,
          redirect_uris: [...redirectUris],
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
      jwks: { keys: [rsaJwk(`key-${keyNumber}`)] },
      pkce: { required: () => true },
      conformIdTokenClaims: false,
      claims: {
        openid: ['sub'],
        email: ['email', 'email_verified'],
        profile: ['name', 'picture'],
      },
      features: { devInteractions: { enabled: false } },
      cookies: { keys: ['oidc-test-provider-cookie-key'] },
      interactions: {
        url: (_ctx: KoaContextWithOIDC, interaction) => `/interaction/${interaction.uid}`,
      },
      findAccount: (_ctx, id) => ({
        accountId: id,
        claims: (): AccountClaims => ({ ...(accounts.get(id) ?? { sub: id }) }),
      }),
    });
    return provider;
  };

  let provider = build();
  let jwksCount = 0;
  server.on('request', (req, res) => {
    if (req.url === '/jwks') jwksCount += 1;
    const match = /^\/interaction\/([^/?]+)/.exec(req.url ?? '');
    if (match === null) {
      provider.callback()(req, res);
      return;
    }
    void (async () => {
      try {
        const details = await provider.interactionDetails(req, res);
        if (details.prompt.name === 'login') {
          accounts.set(account.sub, account);
          await provider.interactionFinished(
            req,
            res,
            { login: { accountId: account.sub } },
            { mergeWithLastSubmission: false },
          );
          return;
        }
        const accountId = details.session?.accountId;
        const grant = new provider.Grant({ accountId, clientId });
        const scope = String(details.params.scope ?? 'openid');
        grant.addOIDCScope(scope);
        const grantId = await grant.save();
        await provider.interactionFinished(
          req,
          res,
          { consent: { grantId } },
          { mergeWithLastSubmission: true },
        );
      } catch (error) {
        res.statusCode = 500;
        res.end(String(error));
      }
    })();
  });

  return {
    issuer,
    clientId,
    clientSecret,
    signInAs(claims) {
      account = claims;
    },
    jwksRequests: () => jwksCount,
    setRedirectUris(uris) {
      redirectUris = uris;
      provider = build();
    },
    async rotateKeys() {
      keyNumber += 1;
      provider = build();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
