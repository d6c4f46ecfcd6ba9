// @ts-check
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/*
 * Better Auth and its driver live in bench/package.json, never in the library's
 * dependencies. A full run installs them (from the committed lockfile) on first use.
 */

/**
 * @param {string} benchDir
 * @param {(line: string) => void} log
 */
export function installPeers(benchDir, log) {
  const locked = existsSync(join(benchDir, 'package-lock.json'));
  const command = locked ? 'ci' : 'install';
  log(
    `installing the benchmark's peers (npm --prefix bench ${command}; better-sqlite3 compiles, ~2 min)`,
  );
  const result = spawnSync('npm', ['--prefix', benchDir, command, '--no-audit', '--no-fund'], {
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`npm --prefix bench ${command} failed`);
}
