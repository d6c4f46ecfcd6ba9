import { configFromOverrides } from './load.js';
import type { RegstackConfig } from './schema.js';

/** The configuration with every field at its default (spec §2.1–§2.4, §2.8). */
export function defaultConfig(): RegstackConfig {
  return configFromOverrides({});
}
