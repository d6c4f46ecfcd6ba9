import { ConfigError } from '../../errors/errors.js';

/** The official driver's module, typed from its own declarations (a type-only import). */
export type MongoDriver = typeof import('mongodb');

/** Whether resolving the package failed; loaders and bundlers may wrap that error as a cause. */
function isMissingModule(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  const code: unknown = Reflect.get(error, 'code');
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return true;
  return isMissingModule(Reflect.get(error, 'cause'), depth + 1);
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
