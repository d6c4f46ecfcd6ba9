import process from 'node:process';
import { findSecretsPath, findTomlPath } from './discovery.js';
import { envLayer } from './env-source.js';
import { deepFreeze } from './freeze.js';
import {
  allFieldPaths,
  type ConfigProblem,
  type Layer,
  nest,
  type SourcedValue,
  type SourceResult,
} from './layer.js';
import { type ConfigOverrides, overrideLayer } from './overrides.js';
import { issueProblems, rejectConfig } from './problems.js';
import { type RegstackConfig, regstackConfigSchema } from './schema.js';
import { readSecretsFile } from './secrets-file.js';
import { readTomlFile } from './toml-source.js';

/** Where `loadConfig` reads from. */
export interface LoadConfigOptions {
  /** The TOML file; null or absent means discover it (`$REGSTACK_CONFIG`, `./regstack.toml`). */
  readonly tomlPath?: string | null | undefined;
  /** The secrets file; null or absent means `./regstack.secrets.env`. */
  readonly secretsPath?: string | null | undefined;
  /** The environment to read `REGSTACK_*` from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Directory that relative paths and discovery start from. @default process.cwd() */
  readonly cwd?: string | undefined;
  /** Programmatic settings; they win over every other source. */
  readonly overrides?: ConfigOverrides | undefined;
  /** False reads no file unless its path is given explicitly. @default true */
  readonly discover?: boolean | undefined;
}

/** For each dotted field path, where its value came from. */
export type ConfigSources = Readonly<Record<string, string>>;

/** A loaded configuration with the source of each value (for `doctor`-style output). */
export interface LoadedConfig {
  readonly config: RegstackConfig;
  readonly sources: ConfigSources;
  /** The TOML file read, if any. */
  readonly tomlPath: string | undefined;
  /** The secrets file read, if any. */
  readonly secretsPath: string | undefined;
}

const NO_SOURCE: SourceResult = { layer: new Map(), problems: [] };

/**
 * Loads, validates and deep-freezes the configuration (spec §2.5), reporting every problem
 * with its field and source in one `ConfigError`. A secret value never appears in the message.
 */
export function loadConfigWithSources(options: LoadConfigOptions = {}): LoadedConfig {
  const discovery = {
    tomlPath: options.tomlPath,
    secretsPath: options.secretsPath,
    env: options.env ?? process.env,
    cwd: options.cwd ?? process.cwd(),
    discover: options.discover ?? true,
  };
  const tomlPath = findTomlPath(discovery);
  const secretsPath = findSecretsPath(discovery);
  const toml = tomlPath === undefined ? NO_SOURCE : readTomlFile(tomlPath);
  const secrets = secretsPath === undefined ? NO_SOURCE : readSecretsFile(secretsPath);
  const overrides = overrideLayer(options.overrides ?? {});

  const merged = new Map<string, SourcedValue>([
    ...toml.layer,
    ...secrets.layer,
    ...envLayer(discovery.env),
  ]);
  for (const path of merged.keys()) {
    if (overrides.replaced.some((sub) => path.startsWith(`${sub}.`))) merged.delete(path);
  }
  for (const [path, value] of overrides.layer) merged.set(path, value);

  const problems: ConfigProblem[] = [...toml.problems, ...secrets.problems, ...overrides.problems];
  const parsed = regstackConfigSchema.safeParse(nest(merged));
  if (!parsed.success) rejectConfig([...problems, ...issueProblems(parsed.error.issues, merged)]);
  if (problems.length > 0) rejectConfig(problems);

  return {
    config: deepFreeze(parsed.data),
    sources: Object.freeze(sourcesOf(merged)),
    tomlPath,
    secretsPath,
  };
}

function sourcesOf(layer: Layer): Record<string, string> {
  return Object.fromEntries(
    allFieldPaths().map((path) => [path, layer.get(path)?.source ?? 'default']),
  );
}

/**
 * Loads the configuration. Precedence, lowest first: defaults < `regstack.toml` <
 * `regstack.secrets.env` < `REGSTACK_*` environment < `overrides`.
 * @example
 * const config = loadConfig({ overrides: { jwt_secret: 'a long random string' } });
 */
export function loadConfig(options: LoadConfigOptions = {}): RegstackConfig {
  return loadConfigWithSources(options).config;
}

/** Defaults plus `overrides` only: no files, no environment. Handy in tests. */
export function configFromOverrides(overrides: ConfigOverrides = {}): RegstackConfig {
  return loadConfig({ overrides, env: {}, discover: false });
}
