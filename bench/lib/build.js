// @ts-check
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/*
 * The servers run from dist/. The build runs when a source is newer than it, so a smoke run
 * right after `npm test` (which builds) does not pay for a second compile.
 */

/**
 * @param {string} dir
 * @returns {number}
 */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.isFile()) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * @param {string} repoDir
 * @param {(line: string) => void} log
 */
export function ensureBuilt(repoDir, log) {
  const built = join(repoDir, 'dist', 'cli', 'bin.js');
  const inputs = Math.max(
    newestMtime(join(repoDir, 'src')),
    statSync(join(repoDir, 'tsconfig.json')).mtimeMs,
    statSync(join(repoDir, 'tsconfig.build.json')).mtimeMs,
  );
  if (existsSync(built) && statSync(built).mtimeMs >= inputs) return;
  log('building (npm run build)');
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: repoDir, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build failed');
}
