import { fileURLToPath } from 'node:url';
import type { ConfigOverrides } from 'regstack';

/** What every example's `start()` takes: a port (0 = any free one) and optional settings. */
export interface StartOptions {
  readonly port?: number;
  readonly overrides?: ConfigOverrides;
}

export interface Started {
  readonly url: string;
  close(): Promise<void>;
}

/** True when `moduleUrl` is the file node was asked to run. */
export function isMain(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && fileURLToPath(moduleUrl) === process.argv[1];
}
