import { statSync } from 'node:fs';
import { resolve } from 'node:path';

/** Where to look for the config files (spec §2.5). */
export interface DiscoveryOptions {
  readonly tomlPath?: string | null | undefined;
  readonly secretsPath?: string | null | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** False: only explicit paths are read; `$REGSTACK_CONFIG` and the cwd are not consulted. */
  readonly discover: boolean;
}

/** True for a regular file (symlinks followed); a missing path or a device is not. */
export function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function usable(path: string | undefined, cwd: string): string | undefined {
  if (path === undefined) return undefined;
  const absolute = resolve(cwd, path);
  return isRegularFile(absolute) ? absolute : undefined;
}

/**
 * The TOML file to read: the explicit path; else `$REGSTACK_CONFIG` when set, even if it
 * names nothing; else `./regstack.toml`. A path that is not a regular file is skipped.
 */
export function findTomlPath(options: DiscoveryOptions): string | undefined {
  const { tomlPath, env, cwd, discover } = options;
  if (tomlPath !== undefined && tomlPath !== null) return usable(tomlPath, cwd);
  if (!discover) return undefined;
  const fromEnv = env.REGSTACK_CONFIG;
  if (fromEnv !== undefined && fromEnv !== '') return usable(fromEnv, cwd);
  return usable('regstack.toml', cwd);
}

/** The secrets file to read: the explicit path, else `./regstack.secrets.env`. */
export function findSecretsPath(options: DiscoveryOptions): string | undefined {
  const { secretsPath, cwd, discover } = options;
  if (secretsPath !== undefined && secretsPath !== null) return usable(secretsPath, cwd);
  return discover ? usable('regstack.secrets.env', cwd) : undefined;
}
