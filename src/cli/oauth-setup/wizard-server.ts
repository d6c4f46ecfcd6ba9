import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'smol-toml';
import { constantTimeEqual } from '../../crypto/constant-time.js';
import { randomToken } from '../../crypto/random.js';
import { hasOAuthTable } from './config-merge.js';
import {
  googleRedirectUri,
  NUM_STEPS,
  validateAll,
  validateStep,
  type WizardState,
} from './wizard-steps.js';

/*
 * The local HTTP API of the Google OAuth setup wizard (spec §12.5.1): 127.0.0.1 only, every
 * route but the assets gated by a random launch token (in the page's query, then in the
 * `X-Wizard-Token` header), so another local user or a web page cannot drive it.
 */

export type WizardWrite = (state: WizardState) => Record<string, unknown>;

export interface WizardServerOptions {
  readonly target: string;
  readonly apiPrefix: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Writes the merge and returns the summary fields (`config_path`, ...). */
  readonly write: WizardWrite;
}

export interface WizardServer {
  readonly url: string;
  readonly token: string;
  /** Resolves when the page posts `/api/done`. */
  readonly done: Promise<void>;
  close(): Promise<void>;
}

const ASSETS_DIR = fileURLToPath(new URL('../../../static/wizard/', import.meta.url));
const ASSETS: Readonly<Record<string, string>> = {
  '/static/wizard.css': 'text/css; charset=utf-8',
  '/static/wizard.js': 'text/javascript; charset=utf-8',
};
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const MAX_BODY = 64 * 1024;

function existingBaseUrl(target: string): string | null {
  const path = join(target, 'regstack.toml');
  if (!existsSync(path)) return null;
  try {
    const value = parse(readFileSync(path, 'utf8')).base_url;
    return typeof value === 'string' && value.trim() !== '' ? value : null;
  } catch {
    return null;
  }
}

function readToml(target: string): string | null {
  const path = join(target, 'regstack.toml');
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

async function readJson(request: IncomingMessage): Promise<WizardState> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY) return {};
    chunks.push(buffer);
  }
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as WizardState)
      : {};
  } catch {
    return {};
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'content-security-policy': CSP,
  });
  response.end(JSON.stringify(body));
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function page(token: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>regstack — Google OAuth setup</title>
<link rel="stylesheet" href="/static/wizard.css">
</head>
<body data-wizard-token="${escapeHtml(token)}" data-num-steps="${NUM_STEPS}">
<main id="wizard-root"></main>
<script src="/static/wizard.js"></script>
</body>
</html>
`;
}

export async function startWizardServer(options: WizardServerOptions): Promise<WizardServer> {
  const token = randomToken(32);
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const tokenOk = (value: string | null | undefined): boolean =>
    typeof value === 'string' && constantTimeEqual(value, token);

  const state = (): Record<string, unknown> => {
    const baseUrl = existingBaseUrl(options.target) ?? 'http://localhost:8000';
    return {
      target_dir: options.target,
      api_prefix: options.apiPrefix,
      existing_oauth: hasOAuthTable(readToml(options.target)),
      base_url: baseUrl,
      redirect_uri: googleRedirectUri(baseUrl, options.apiPrefix),
      config_file: 'regstack.toml',
      secrets_file: 'regstack.secrets.env',
      num_steps: NUM_STEPS,
    };
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const method = request.method ?? 'GET';
    if (method === 'GET' && url.pathname === '/') {
      if (!tokenOk(url.searchParams.get('token'))) {
        send(response, 401, { detail: 'Missing or invalid wizard token.' });
        return;
      }
      response.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': CSP,
        'referrer-policy': 'no-referrer',
      });
      response.end(page(token));
      return;
    }
    const asset = ASSETS[url.pathname];
    if (method === 'GET' && asset !== undefined) {
      response.writeHead(200, { 'content-type': asset, 'content-security-policy': CSP });
      response.end(readFileSync(join(ASSETS_DIR, url.pathname.slice('/static/'.length))));
      return;
    }
    if (!url.pathname.startsWith('/api/')) {
      send(response, 404, { detail: 'Not Found' });
      return;
    }
    const header = request.headers['x-wizard-token'];
    if (!tokenOk(Array.isArray(header) ? header[0] : header)) {
      send(response, 401, { detail: 'Missing or invalid wizard token.' });
      return;
    }
    if (method === 'GET' && url.pathname === '/api/state') {
      send(response, 200, state());
      return;
    }
    const step = /^\/api\/step\/([^/]+)\/validate$/.exec(url.pathname);
    if (method === 'POST' && step?.[1] !== undefined) {
      const n = /^\d+$/.test(step[1]) ? Number(step[1]) : Number.NaN;
      if (!(n >= 0 && n < NUM_STEPS)) {
        send(response, 404, { detail: `Unknown wizard step: ${step[1]}.` });
        return;
      }
      send(response, 200, validateStep(n, await readJson(request)));
      return;
    }
    if (method === 'POST' && url.pathname === '/api/write') {
      const input = await readJson(request);
      const checked = validateAll({ ...input, existing_oauth: state().existing_oauth });
      if (!checked.ok) {
        send(response, 422, checked);
        return;
      }
      send(response, 200, { ok: true, ...options.write(input) });
      return;
    }
    if (method === 'POST' && url.pathname === '/api/done') {
      send(response, 200, { ok: true });
      finish();
      return;
    }
    send(response, 404, { detail: 'Not Found' });
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      send(response, 500, { detail: error instanceof Error ? error.message : 'error' });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('wizard has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    token,
    done,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
