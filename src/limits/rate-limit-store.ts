import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { maskDatabaseUrl } from '../config/mask-url.js';
import { ConfigError } from '../errors/errors.js';
import type { RateDecision, RateLimiter, RateLimitStore } from '../ports/rate-limiter.js';

/*
 * Per-IP counters (Decision 10) behind one interface. With several instances behind a load
 * balancer the counters must be shared, so a configured store that fails is an error that
 * reaches the client (503), never a silent fall back to per-process memory.
 */

/** Raised when the configured store does not answer; the HTTP layer answers 503. */
export class RateLimitStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RateLimitStoreError';
  }
}

const TABLE = 'regstack_rate_limits';

function wrap(limiter: RateLimiterAbstract): RateLimiter {
  return {
    async hit(key: string): Promise<RateDecision> {
      try {
        await limiter.consume(key);
        return { allowed: true };
      } catch (outcome) {
        if (outcome instanceof RateLimiterRes) {
          return {
            allowed: false,
            retryAfterSeconds: Math.max(1, Math.ceil(outcome.msBeforeNext / 1000)),
          };
        }
        throw new RateLimitStoreError('The rate-limit store did not answer.', { cause: outcome });
      }
    },
  };
}

function memoryStore(prefix: string): RateLimitStore {
  return {
    kind: 'memory',
    limiter: async (name, points, duration) =>
      wrap(new RateLimiterMemory({ keyPrefix: `${prefix}:${name}`, points, duration })),
    close: async () => undefined,
  };
}

async function redisStore(url: string, prefix: string): Promise<RateLimitStore> {
  let Redis: typeof import('ioredis').Redis;
  try {
    ({ Redis } = await import('ioredis'));
  } catch (error) {
    throw new ConfigError(
      'rate_limit_store_url names Redis, but the optional package "ioredis" is not installed: npm install ioredis',
      { cause: error },
    );
  }
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    lazyConnect: true,
  });
  // An unreachable Redis is reported when the store opens, not on the first login.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw new RateLimitStoreError(`Cannot reach the rate-limit store at ${maskDatabaseUrl(url)}.`, {
      cause: error,
    });
  }
  return {
    kind: 'redis',
    limiter: async (name, points, duration) =>
      wrap(
        new RateLimiterRedis({
          storeClient: client,
          keyPrefix: `${prefix}:${name}`,
          points,
          duration,
          rejectIfRedisNotReady: true,
        }),
      ),
    close: async () => {
      client.disconnect();
    },
  };
}

async function postgresStore(url: string, prefix: string): Promise<RateLimitStore> {
  const pg = await import('pg');
  const pool = new pg.default.Pool({
    connectionString: url.replace(/^postgres(ql)?\+asyncpg:/i, 'postgresql:'),
    max: 4,
  });
  pool.on('error', () => undefined);
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end();
    throw new RateLimitStoreError(`Cannot reach the rate-limit store at ${maskDatabaseUrl(url)}.`, {
      cause: error,
    });
  }
  return {
    kind: 'postgres',
    limiter: (name, points, duration) =>
      new Promise((resolve, reject) => {
        const limiter: RateLimiterPostgres = new RateLimiterPostgres(
          {
            storeClient: pool,
            storeType: 'pool',
            tableName: TABLE,
            keyPrefix: `${prefix}:${name}`,
            points,
            duration,
            clearExpiredByTimeout: false,
          },
          (error?: Error) =>
            error
              ? reject(
                  new RateLimitStoreError('Cannot create the rate-limit table.', { cause: error }),
                )
              : resolve(wrap(limiter)),
        );
      }),
    close: () => pool.end(),
  };
}

/**
 * Opens the store `rate_limit_store_url` names: null → process memory; `redis://` or
 * `rediss://` → Redis; `postgresql://` (or `postgres://`) → a table in that database.
 */
export async function openRateLimitStore(
  url: string | null,
  prefix = 'regstack',
): Promise<RateLimitStore> {
  if (url === null || url.trim() === '') return memoryStore(prefix);
  const lower = url.toLowerCase();
  if (lower.startsWith('redis://') || lower.startsWith('rediss://')) return redisStore(url, prefix);
  if (/^postgres(ql)?(\+asyncpg)?:\/\//.test(lower)) return postgresStore(url, prefix);
  throw new ConfigError(
    `Unrecognised rate_limit_store_url scheme: '${maskDatabaseUrl(url)}'. Expected one of: redis://, rediss://, postgresql://.`,
  );
}
