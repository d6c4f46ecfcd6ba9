import { randomBytes } from 'node:crypto';
import type { WebhooksConfig } from '../config/schema.js';
import type { WebhookDeliveryRecord } from '../model/webhook-delivery.js';
import { type Clock, MICROS_PER_SECOND } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { FailureOutcome, WebhookDeliveriesRepo } from '../ports/webhook-deliveries.js';
import { retryDelayMicros } from './backoff.js';
import { type SendResult, signAndSend } from './sign-and-send.js';

export interface WebhookWorkerOptions {
  readonly config: WebhooksConfig;
  readonly deliveries: WebhookDeliveriesRepo;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The lease owner; one per worker. @default a random id */
  readonly owner?: string | undefined;
  /** How long the loop sleeps when nothing is due. @default 1000 */
  readonly pollIntervalMs?: number | undefined;
  /** Rows claimed per round. @default 20 */
  readonly batchSize?: number | undefined;
  /** The signing time; receivers check it against their own clock. @default the wall clock */
  readonly signingTime?: (() => Date) | undefined;
  /** Jitter source in [0, 1). @default Math.random */
  readonly random?: (() => number) | undefined;
}

export interface WebhookWorker {
  readonly owner: string;
  /** Starts the background loop (idempotent). */
  start(): void;
  /** Wakes the loop now (after new rows were written). */
  nudge(): void;
  /** Claims and attempts one batch; resolves to the number of rows attempted. */
  runOnce(): Promise<number>;
  /** Stops the loop and waits for the attempts in flight to be recorded. */
  stop(): Promise<void>;
}

// A lease outlives the longest attempt by a wide margin: a row is only taken again from a
// worker that died or hung, never from one that is still waiting for its receiver.
const LEASE_MARGIN_SECONDS = 60;
const MAX_PAUSE_MS = 30_000;

export function createWebhookWorker(options: WebhookWorkerOptions): WebhookWorker {
  const { config, deliveries, clock, logger } = options;
  const owner = options.owner ?? `worker-${randomBytes(6).toString('hex')}`;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const batchSize = options.batchSize ?? 20;
  const signingTime = options.signingTime ?? (() => new Date());
  const random = options.random ?? Math.random;
  const leaseMicros = (config.timeout_seconds + LEASE_MARGIN_SECONDS) * MICROS_PER_SECOND;

  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let inFlight: Promise<number> | undefined;

  async function attempt(row: WebhookDeliveryRecord): Promise<void> {
    const endpoint = config.endpoints[row.endpoint];
    const fields = {
      webhook_id: row.id,
      endpoint: row.endpoint,
      event_type: row.eventType,
      attempt: row.attempts,
    };
    const result: SendResult =
      endpoint === undefined || !endpoint.enabled
        ? {
            ok: false,
            status: null,
            error: endpoint === undefined ? 'endpoint is not configured' : 'endpoint is disabled',
          }
        : await signAndSend({
            url: endpoint.url,
            secret: endpoint.secret.reveal(),
            id: row.id,
            body: row.payload,
            timeoutMs: config.timeout_seconds * 1000,
            signedAt: signingTime(),
          });
    if (result.ok) {
      await deliveries.markDelivered(row.id, owner, result.status);
      logger.info({ ...fields, status: result.status }, 'webhook delivered');
      return;
    }
    const dead = endpoint === undefined || row.attempts >= config.max_attempts;
    const delay = retryDelayMicros(row.attempts, random);
    const outcome: FailureOutcome = dead
      ? { dead: true, status: result.status, error: result.error }
      : { retryAt: clock.now() + delay, status: result.status, error: result.error };
    await deliveries.markFailed(row.id, owner, outcome);
    if (dead) {
      logger.error(
        { ...fields, status: result.status, error: result.error },
        'webhook delivery dead; retry it through the admin API',
      );
    } else {
      logger.warn(
        {
          ...fields,
          status: result.status,
          error: result.error,
          retry_in_seconds: Math.round(delay / MICROS_PER_SECOND),
        },
        'webhook attempt failed',
      );
    }
  }

  async function runBatch(): Promise<number> {
    const rows = await deliveries.claim({ owner, limit: batchSize, leaseMicros });
    // Rows of one batch never share an endpoint and user (the claim holds later ones back),
    // so they may go out side by side without breaking the order per user.
    await Promise.all(
      rows.map((row) =>
        attempt(row).catch((error: unknown) => {
          logger.error(
            { webhook_id: row.id, endpoint: row.endpoint, error: describe(error) },
            'webhook attempt could not be recorded; its lease will expire and it is tried again',
          );
        }),
      ),
    );
    return rows.length;
  }

  function runOnce(): Promise<number> {
    const run = runBatch();
    inFlight = run;
    return run.finally(() => {
      if (inFlight === run) inFlight = undefined;
    });
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });
  }

  async function run(): Promise<void> {
    let failures = 0;
    while (running) {
      let attempted = 0;
      try {
        attempted = await runOnce();
        failures = 0;
      } catch (error) {
        failures += 1;
        logger.error({ error: describe(error) }, 'webhook worker could not claim deliveries');
      }
      // A storage that is down (or not migrated yet) is asked less and less often.
      const pause = Math.min(pollIntervalMs * 2 ** Math.min(failures, 10), MAX_PAUSE_MS);
      if (running && attempted < batchSize) await sleep(Math.max(pause, pollIntervalMs));
    }
  }

  return {
    owner,
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    nudge() {
      wake?.();
    },
    runOnce,
    async stop() {
      running = false;
      wake?.();
      await loop;
      await inFlight;
      loop = undefined;
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
}
