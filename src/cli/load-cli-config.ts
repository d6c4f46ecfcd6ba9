import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { type LoadedConfig, loadConfigWithSources } from '../config/load.js';
import type { ConfigOverrides } from '../config/overrides.js';
import { ConfigError } from '../errors/errors.js';
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
    return oneLineErrors(() => loadConfigWithSources({ tomlPath: path, overrides }));
  }
  return oneLineErrors(() => loadConfigWithSources({ overrides }));
}

/** A broken config is reported on one line (each problem names its field and source). */
function oneLineErrors(load: () => LoadedConfig): LoadedConfig {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new ConfigError(error.message.replaceAll(/\s*\n\s*/g, ' '), { cause: error });
  }
}
