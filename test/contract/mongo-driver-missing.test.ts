import { describe, expect, it, vi } from 'vitest';
import { createFakeClock } from '../../src/clock/fake-clock.js';
import { ConfigError } from '../../src/errors/errors.js';
import { openStorage } from '../../src/storage/open.js';

/* The MongoDB driver is an optional peer dependency: without it, a MongoDB URL is one line. */

vi.mock('mongodb', () => {
  throw Object.assign(new Error("Cannot find package 'mongodb'"), { code: 'ERR_MODULE_NOT_FOUND' });
});

describe('a MongoDB URL without the mongodb package installed', () => {
  it('is a ConfigError saying what to install, with the password masked', async () => {
    const error = await openStorage({
      url: 'mongodb://app:s3cret@localhost/app',
      clock: createFakeClock(),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error instanceof Error ? error.message : '').toBe(
      'database_url mongodb://app:***@localhost/app needs the MongoDB driver: run `npm install mongodb`.',
    );
  });

  it('leaves SQLite working', async () => {
    const storage = await openStorage({ url: 'sqlite:///:memory:', clock: createFakeClock() });
    await storage.migrate();
    await storage.close();
  });
});
