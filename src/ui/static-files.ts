/**
 * The static assets behind `static_prefix` (spec §11.7, Decision 10): host directories first,
 * then the bundled `static/` folder, so a host file at the same relative path wins. Bundled
 * files are read once at startup; a host file is read on first use and again only when its
 * size or modification time changes. Each asset carries a strong ETag over its bytes.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The `static/` folder shipped with the package (`src/ui` and `dist/ui` alike). */
export const BUNDLED_STATIC_DIR: string = fileURLToPath(new URL('../../static/', import.meta.url));

export interface StaticAsset {
  readonly body: Uint8Array;
  readonly etag: string;
  readonly contentType: string;
}

export interface StaticStore {
  /** The asset at `path` (URL path below the prefix, still percent-encoded), or null. */
  find(path: string): Promise<StaticAsset | null>;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
};

// Host files above this size are served but not kept in memory.
const MAX_CACHED_BYTES = 1024 * 1024;

function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

function asset(path: string, body: Uint8Array): StaticAsset {
  const digest = createHash('sha256').update(body).digest('base64url').slice(0, 27);
  return { body, etag: `"${digest}"`, contentType: contentTypeOf(path) };
}

/**
 * The path's segments, decoded, or null when one could escape the folder or name a hidden
 * file (`..`, `.env`, an encoded slash or backslash, a NUL byte).
 */
export function safeSegments(path: string): string[] | null {
  const segments: string[] = [];
  for (const raw of path.replace(/^\/+/, '').split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (segment === '' || segment.startsWith('.') || /[/\\\0]/.test(segment)) return null;
    segments.push(segment);
  }
  return segments.length === 0 ? null : segments;
}

function readTree(root: string): Map<string, StaticAsset> {
  const assets = new Map<string, StaticAsset>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const key = relative(root, full).split(sep).join('/');
        assets.set(key, asset(full, readFileSync(full)));
      }
    }
  };
  walk(root);
  return assets;
}

interface CachedHostFile {
  readonly size: number;
  readonly mtimeMs: number;
  readonly asset: StaticAsset;
}

/** Loads the bundled assets and returns the lookup over `hostDirs` (earlier wins) and them. */
export function createStaticStore(hostDirs: readonly string[]): StaticStore {
  const bundled = readTree(BUNDLED_STATIC_DIR);
  const roots = hostDirs.map((dir) => resolve(dir));
  const hostCache = new Map<string, CachedHostFile>();

  async function fromHost(root: string, segments: readonly string[]): Promise<StaticAsset | null> {
    const full = join(root, ...segments);
    if (!full.startsWith(root + sep)) return null;
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(full);
    } catch {
      return null;
    }
    if (!info.isFile()) return null;
    const cached = hostCache.get(full);
    if (cached !== undefined && cached.size === info.size && cached.mtimeMs === info.mtimeMs) {
      return cached.asset;
    }
    const loaded = asset(full, await readFile(full));
    if (info.size <= MAX_CACHED_BYTES) {
      hostCache.set(full, { size: info.size, mtimeMs: info.mtimeMs, asset: loaded });
    }
    return loaded;
  }

  return {
    async find(path) {
      const segments = safeSegments(path);
      if (segments === null) return null;
      for (const root of roots) {
        const found = await fromHost(root, segments);
        if (found !== null) return found;
      }
      return bundled.get(segments.join('/')) ?? null;
    },
  };
}

/** Whether an `If-None-Match` header value matches `etag` (weak comparison, RFC 9110 §13.1.2). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const bare = etag.replace(/^W\//, '');
  return header
    .split(',')
    .map((candidate) => candidate.trim())
    .some((candidate) => candidate === '*' || candidate.replace(/^W\//, '') === bare);
}
