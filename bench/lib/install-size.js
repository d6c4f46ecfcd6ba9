// @ts-check
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/*
 * What `npm install regstack` puts on disk besides regstack itself: the production packages
 * of the lockfile (no dev-only ones, no optional peers) that are installed here, as this
 * platform installs them (one argon2 binary, better-sqlite3 as compiled here).
 */

/**
 * @typedef {object} InstallSize
 * @property {number} packages
 * @property {number} mib
 * @property {Array<{ name: string, mib: number }>} largest
 * @property {number} ownMib regstack's own published folders (dist, templates, static)
 */

/**
 * Bytes under `dir`, without the nested `node_modules` (those packages are counted alone).
 * @param {string} dir
 * @returns {number}
 */
function bytesUnder(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') total += bytesUnder(path);
    } else if (entry.isFile()) {
      total += statSync(path).size;
    }
  }
  return total;
}

/**
 * @param {string} repoDir
 * @returns {InstallSize}
 */
export function installSize(repoDir) {
  /** @type {{ packages: Record<string, { dev?: boolean, devOptional?: boolean, peer?: boolean }> }} */
  const lock = JSON.parse(readFileSync(join(repoDir, 'package-lock.json'), 'utf8'));
  const sizes = Object.entries(lock.packages)
    .filter(([path, meta]) => path !== '' && !meta.dev && !meta.devOptional && !meta.peer)
    .map(([path]) => ({ path, dir: join(repoDir, path) }))
    .filter(({ dir }) => existsSync(dir))
    .map(({ path, dir }) => ({
      name: path.replace(/^.*node_modules\//, ''),
      bytes: bytesUnder(dir),
    }));
  const total = sizes.reduce((sum, { bytes }) => sum + bytes, 0);
  const own = ['dist', 'templates', 'static']
    .map((folder) => join(repoDir, folder))
    .filter((dir) => existsSync(dir))
    .reduce((sum, dir) => sum + bytesUnder(dir), 0);
  return {
    packages: sizes.length,
    mib: total / 2 ** 20,
    largest: sizes
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 6)
      .map(({ name, bytes }) => ({ name, mib: bytes / 2 ** 20 })),
    ownMib: own / 2 ** 20,
  };
}
