import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeClock, type FakeClock } from '../../src/clock/fake-clock.js';
import { configFromOverrides } from '../../src/config/load.js';
import type { WebhookEndpointConfig } from '../../src/config/webhook-endpoints.js';
import type { Logger } from '../../src/ports/logger.js';
import { createSqlStorage, type SqlStorage } from '../../src/storage/sql/sql-storage.js';
import type { WebhookEvent } from '../../src/webhooks/webhook-event.js';
import { createWebhooks, type Webhooks } from '../../src/webhooks/webhooks.js';
import { createPgTestSchema, createTempDir } from '../support/db.js';
import { newWhsec, type Receiver, startReceiver, waitFor } from './receiver.js';

const SECRET = newWhsec(3);
const ALICE = 'a'.repeat(32);
const BOB = 'b'.repeat(32);

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups.length = 0;
});

let eventCount = 0;
function event(
  type: string,
  userId: string | null,
  details: Record<string, unknown> = {},
): WebhookEvent {
  eventCount += 1;
  return {
    id: `evt-${eventCount}`,
    type,
    occurred_at: '2025-01-01T00:00:00.000Z',
    outcome: 'success',
    actor_id: userId,
    user_id: userId,
    ip: '203.0.113.9',
    user_agent: 'test-agent',
    details,
  };
}

/** Every log record, as the lines a JSON logger would write. */
function capturingLogger(lines: string[]): Logger {
  const record =
    (level: string) =>
    (fields: Record<string, unknown>, message: string): void => {
      lines.push(JSON.stringify({ level, ...fields, msg: message }));
    };
  return {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
}

interface Setup {
  readonly storage: SqlStorage;
  readonly clock: FakeClock;
  readonly webhooks: Webhooks;
  readonly receiver: Receiver;
  readonly logs: string[];
}

function webhooksConfig(
  url: string,
  extra: { max_attempts?: number; timeout_seconds?: number } = {},
) {
  const endpoint: Partial<Record<keyof WebhookEndpointConfig, unknown>> = {
    url,
    secret: SECRET,
    events: ['user.registered', 'password.changed', 'account.deleted'],
  };
  return configFromOverrides({
    webhooks: { ...extra, endpoints: { crm: endpoint as never } },
  }).webhooks;
}

async function sqliteStorage(
  clock: FakeClock,
  path?: string,
): Promise<{ storage: SqlStorage; path: string }> {
  let file = path;
  if (file === undefined) {
    const dir = await createTempDir('regstack-webhooks-');
    cleanups.push(() => dir.remove());
    file = join(dir.path, 'hooks.db');
  }
  const storage = createSqlStorage({ url: `sqlite:///${file}`, clock });
  await storage.migrate();
  return { storage, path: file };
}

async function setup(
  options: {
    max_attempts?: number;
    timeout_seconds?: number;
    storage?: SqlStorage;
    clock?: FakeClock;
  } = {},
): Promise<Setup> {
  const clock = options.clock ?? createFakeClock();
  const storage = options.storage ?? (await sqliteStorage(clock)).storage;
  const receiver = await startReceiver(SECRET);
  const logs: string[] = [];
  const config = webhooksConfig(receiver.url, options);
  const webhooks = createWebhooks({
    config,
    deliveries: storage.webhookDeliveries,
    clock,
    logger: capturingLogger(logs),
    worker: { pollIntervalMs: 10, random: () => 0 },
  });
  webhooks.worker?.start();
  cleanups.push(async () => {
    await webhooks.worker?.stop();
    await receiver.close();
    await storage.close();
  });
  return { storage, clock, webhooks, receiver, logs };
}

const rowsOf = (s: Setup) => s.storage.webhookDeliveries.list({ limit: 100 });

describe('webhook delivery', () => {
  it('signs each delivery per Standard Webhooks and sends the event without anything else', async () => {
    const s = await setup();
    const registered = event('user.registered', ALICE, { method: 'password' });
    expect(await s.webhooks.publish(registered)).toBe(1);
    expect(await s.webhooks.publish(event('login.succeeded', ALICE))).toBe(0);
    await waitFor(() => s.receiver.delivered().length === 1);
    const [received] = s.receiver.received;
    expect(received?.verified).toBe(true);
    expect(received?.id).toMatch(/^msg_[0-9a-f]{30}$/);
    expect(JSON.parse(received?.body ?? '')).toEqual({
      type: 'user.registered',
      timestamp: registered.occurred_at,
      data: { ...registered },
    });
    await waitFor(async () => (await rowsOf(s))[0]?.state === 'delivered');
    expect((await rowsOf(s))[0]).toMatchObject({
      id: received?.id,
      endpoint: 'crm',
      eventType: 'user.registered',
      userId: ALICE,
      attempts: 1,
      lastStatus: 200,
      deliveredAt: s.clock.now(),
    });
  });

  it('a receiver that checks with another secret refuses it, and the row is not delivered', async () => {
    const s = await setup();
    await s.webhooks.worker?.stop();
    const wrong = await startReceiver(newWhsec(4));
    cleanups.push(() => wrong.close());
    const other = createWebhooks({
      config: webhooksConfig(wrong.url),
      deliveries: s.storage.webhookDeliveries,
      clock: s.clock,
      logger: capturingLogger([]),
    });
    await other.publish(event('user.registered', ALICE));
    expect(await other.worker?.runOnce()).toBe(1);
    expect(wrong.received).toHaveLength(1);
    expect(wrong.received[0]?.verified).toBe(false);
    expect((await rowsOf(s))[0]).toMatchObject({ state: 'pending', lastStatus: 401, attempts: 1 });
  });

  it('retries after 500s with backoff from 5 s doubling, on the same webhook-id', async () => {
    const s = await setup();
    s.receiver.script((n) => (n < 2 ? 500 : 200));
    await s.webhooks.publish(event('password.changed', ALICE));
    await waitFor(() => s.receiver.received.length === 1);
    await waitFor(async () => (await rowsOf(s))[0]?.lastStatus === 500);
    const first = (await rowsOf(s))[0];
    expect(first).toMatchObject({ state: 'pending', attempts: 1, lastError: 'HTTP 500' });
    expect(first?.nextAttemptAt).toBe(s.clock.now() + 5_000_000);
    s.clock.advance(4.9);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(s.receiver.received).toHaveLength(1);
    s.clock.advance(0.1);
    await waitFor(() => s.receiver.received.length === 2);
    await waitFor(
      async () => (await rowsOf(s))[0]?.attempts === 2 && (await rowsOf(s))[0]?.leaseOwner === null,
    );
    expect((await rowsOf(s))[0]?.nextAttemptAt).toBe(s.clock.now() + 10_000_000);
    s.clock.advance(10);
    await waitFor(() => s.receiver.delivered().length === 1);
    expect(new Set(s.receiver.received.map((r) => r.id)).size).toBe(1);
    expect(s.receiver.received.every((r) => r.verified)).toBe(true);
    await waitFor(async () => (await rowsOf(s))[0]?.state === 'delivered');
  });

  it('retries after a timeout', async () => {
    const s = await setup({ timeout_seconds: 1 });
    s.receiver.script((n) => (n === 0 ? { status: 200, delayMs: 1500 } : 204));
    await s.webhooks.publish(event('user.registered', BOB));
    await waitFor(async () => (await rowsOf(s))[0]?.lastError === 'no answer within 1 s');
    expect((await rowsOf(s))[0]).toMatchObject({ state: 'pending', lastStatus: null, attempts: 1 });
    s.clock.advance(5);
    await waitFor(async () => (await rowsOf(s))[0]?.state === 'delivered');
    expect((await rowsOf(s))[0]).toMatchObject({ lastStatus: 204, attempts: 2 });
  });

  it('backs off to at most an hour and is dead after max_attempts, until retried', async () => {
    const s = await setup({ max_attempts: 3 });
    s.receiver.script(() => 503);
    await s.webhooks.publish(event('account.deleted', ALICE));
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      await waitFor(() => s.receiver.received.length === attempt);
      await waitFor(async () => (await rowsOf(s))[0]?.leaseOwner === null);
      s.clock.advance(3600);
    }
    expect((await rowsOf(s))[0]).toMatchObject({ state: 'dead', attempts: 3, lastStatus: 503 });
    s.clock.advance(7200);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(s.receiver.received).toHaveLength(3);
    expect(s.logs.some((line) => line.includes('webhook delivery dead'))).toBe(true);

    s.receiver.script(() => 200);
    const id = (await rowsOf(s))[0]?.id ?? '';
    expect(await s.storage.webhookDeliveries.retry(id)).toMatchObject({
      state: 'pending',
      attempts: 0,
    });
    s.webhooks.worker?.nudge();
    await waitFor(async () => (await rowsOf(s))[0]?.state === 'delivered');
    expect(s.receiver.delivered().map((r) => r.id)).toEqual([id]);
  });

  it('delivers in order per user: a failing event holds back that user only', async () => {
    const s = await setup();
    // The first request (Alice's first event) fails once; everything else succeeds.
    s.receiver.script((n) => (n === 0 ? 500 : 200));
    const alice = [1, 2, 3].map(() => event('password.changed', ALICE));
    await s.webhooks.publish(alice[0] as WebhookEvent);
    await waitFor(() => s.receiver.received.length === 1);
    for (const e of alice.slice(1)) await s.webhooks.publish(e);
    await s.webhooks.publish(event('password.changed', BOB));
    await waitFor(() => s.receiver.delivered().length === 1);
    const bobFirst = JSON.parse(s.receiver.delivered()[0]?.body ?? '{}') as {
      data: { user_id: string };
    };
    expect(bobFirst.data.user_id).toBe(BOB);
    // Alice's later events were not sent while her first one waits for its retry.
    expect(s.receiver.received.filter((r) => r.body.includes(ALICE))).toHaveLength(1);
    await waitFor(async () =>
      (await rowsOf(s)).some(
        (r) => r.attempts === 1 && r.leaseOwner === null && r.state === 'pending',
      ),
    );
    s.clock.advance(5);
    await waitFor(() => s.receiver.delivered().length === 4);
    const aliceOrder = s.receiver
      .delivered()
      .map((r) => JSON.parse(r.body) as { data: { id: string; user_id: string } })
      .filter((b) => b.data.user_id === ALICE)
      .map((b) => b.data.id);
    expect(aliceOrder).toEqual(alice.map((e) => e.id));
  });

  it('survives a restart mid-queue: the rest is delivered, none lost, none twice', async () => {
    const clock = createFakeClock();
    const first = await sqliteStorage(clock);
    const s = await setup({ clock, storage: first.storage });
    s.receiver.script(() => ({ status: 200, delayMs: 30 }));
    const events = Array.from({ length: 12 }, (_, i) =>
      event('user.registered', `u${i % 3}`.padEnd(32, '0')),
    );
    for (const e of events) await s.webhooks.publish(e);
    await waitFor(() => s.receiver.delivered().length >= 3);
    await s.webhooks.worker?.stop();
    await s.storage.close();
    const deliveredBefore = s.receiver.delivered().length;
    expect(deliveredBefore).toBeLessThan(12);

    // A worker that died holding a lease: its row comes back once the lease expires.
    const reopened = (await sqliteStorage(clock, first.path)).storage;
    const [crashed] = await reopened.webhookDeliveries.claim({
      owner: 'crashed',
      limit: 1,
      leaseMicros: 70_000_000,
    });
    expect(crashed).toBeDefined();
    const again = createWebhooks({
      config: webhooksConfig(s.receiver.url),
      deliveries: reopened.webhookDeliveries,
      clock,
      logger: capturingLogger(s.logs),
      worker: { pollIntervalMs: 10 },
    });
    again.worker?.start();
    cleanups.push(async () => {
      await again.worker?.stop();
      await reopened.close();
    });
    // The crashed worker's row holds back its user's later rows until its lease expires.
    const othersDone = async () =>
      (await reopened.webhookDeliveries.list({ limit: 100 })).every(
        (r) => r.userId === crashed?.userId || r.state === 'delivered',
      );
    await waitFor(othersDone);
    expect(s.receiver.delivered().map((r) => r.id)).not.toContain(crashed?.id);
    clock.advance(71);
    await waitFor(() => s.receiver.delivered().length === 12);
    const ids = s.receiver.delivered().map((r) => r.id);
    expect(new Set(ids).size).toBe(12);
    // The receiver answers before the worker records the answer.
    await waitFor(async () =>
      (await reopened.webhookDeliveries.list({ limit: 100 })).every((r) => r.state === 'delivered'),
    );
    const rows = await reopened.webhookDeliveries.list({ limit: 100 });
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
  });

  it('keeps every secret out of the payload, the headers and the logs', async () => {
    const s = await setup({ max_attempts: 2 });
    s.receiver.script((n) => (n === 0 ? 500 : 200));
    await s.webhooks.publish(
      event('password.changed', ALICE, {
        password: 'hunter2-hunter2',
        new_password: 'hunter3-hunter3',
        reset_token: 'tok-123456',
        code: '424242',
        nested: { api_key: 'key-999', fine: 'kept' },
        fields: ['email'],
      }),
    );
    await waitFor(() => s.receiver.received.length === 1);
    await waitFor(async () => (await rowsOf(s))[0]?.leaseOwner === null);
    s.clock.advance(5);
    await waitFor(() => s.receiver.delivered().length === 1);
    // The worker logs the outcome after the receiver has answered.
    await waitFor(() => s.logs.length >= 2);
    const body = s.receiver.received.map((r) => `${r.body} ${r.id} ${r.timestamp}`).join('\n');
    const stored = JSON.stringify(await rowsOf(s));
    const logs = s.logs.join('\n');
    expect(s.logs.length).toBeGreaterThanOrEqual(2);
    for (const text of [body, stored, logs]) {
      for (const secret of [
        'hunter2',
        'hunter3',
        'tok-123456',
        '424242',
        'key-999',
        SECRET,
        SECRET.slice(6),
      ]) {
        expect(text).not.toContain(secret);
      }
    }
    expect(JSON.parse(s.receiver.received[0]?.body ?? '{}').data.details).toEqual({
      nested: { fine: 'kept' },
      fields: ['email'],
    });
  });
});

describe('two instances on one PostgreSQL', () => {
  it('share the queue: every event delivered once, in order per user', async () => {
    const schema = await createPgTestSchema();
    const clock = createFakeClock();
    const receiver = await startReceiver(SECRET, () => ({ status: 200, delayMs: 5 }));
    const storages = [0, 1].map(() => createSqlStorage({ url: schema.url, clock }));
    await storages[0]?.migrate();
    const instances = storages.map((storage, i) =>
      createWebhooks({
        config: webhooksConfig(receiver.url),
        deliveries: storage.webhookDeliveries,
        clock,
        logger: capturingLogger([]),
        worker: { pollIntervalMs: 5, batchSize: 4, owner: `instance-${i}` },
      }),
    );
    cleanups.push(async () => {
      for (const instance of instances) await instance.worker?.stop();
      for (const storage of storages) await storage.close();
      await receiver.close();
      await schema.drop();
    });
    const users = Array.from({ length: 8 }, (_, i) => `user${i}`.padEnd(32, '0'));
    const published: WebhookEvent[] = [];
    for (let i = 0; i < 48; i += 1) {
      const e = event('user.registered', users[i % users.length] ?? null);
      published.push(e);
      await (instances[i % 2] as Webhooks).publish(e);
    }
    for (const instance of instances) instance.worker?.start();
    await waitFor(() => receiver.received.length >= 48, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.received).toHaveLength(48);
    expect(receiver.received.every((r) => r.verified && r.status === 200)).toBe(true);
    expect(new Set(receiver.received.map((r) => r.id)).size).toBe(48);
    const rows = await storages[0]?.webhookDeliveries.list({ limit: 100 });
    expect(rows?.every((r) => r.state === 'delivered' && r.attempts === 1)).toBe(true);
    const bodies = receiver.received.map(
      (r) => JSON.parse(r.body) as { data: { id: string; user_id: string } },
    );
    for (const user of users) {
      expect(bodies.filter((b) => b.data.user_id === user).map((b) => b.data.id)).toEqual(
        published.filter((e) => e.user_id === user).map((e) => e.id),
      );
    }
  });
});
