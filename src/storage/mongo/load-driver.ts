import { ConfigError } from '../../errors/errors.js';

/** The official driver's module, typed from its own declarations (a type-only import). */
export type MongoDriver = typeof import('mongodb');

function isMissingModule(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? Reflect.get(error, 'code') : null;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

/**
 * The driver is an optional peer dependency: it loads only when a `mongodb://` URL is opened,
 * and its absence is one line saying what to install.
 */
export async function loadMongoDriver(display: string): Promise<MongoDriver> {
  try {
    return await import('mongodb');
  } catch (error) {
    if (isMissingModule(error)) {
      throw new ConfigError(
        `database_url ${display} needs the MongoDB driver: run \`npm install mongodb\`.`,
        { cause: error },
      );
    }
    throw error;
  }
}
