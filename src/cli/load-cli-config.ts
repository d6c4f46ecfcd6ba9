import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { type LoadedConfig, loadConfigWithSources } from '../config/load.js';
import type { ConfigOverrides } from '../config/overrides.js';
import { EXIT, ExitError } from './exit-error.js';

/** Loads the configuration for a command: `--config PATH` must name a file, else discovery. */
export function loadCliConfig(
  configPath: string | undefined,
  overrides: ConfigOverrides = {},
): LoadedConfig {
  if (configPath !== undefined) {
    const path = resolve(configPath);
    if (!existsSync(path) || !statSync(path).isFile()) {
      throw new ExitError(EXIT.usage, `regstack: --config ${configPath}: no such file`);
    }
    return loadConfigWithSources({ tomlPath: path, overrides });
  }
  return loadConfigWithSources({ overrides });
}
