import { describe, expect, it } from 'vitest';
import type { NewWebhookDelivery } from '../../../src/model/webhook-delivery.js';
import { concurrently, SECOND, type SubjectRef } from './subject.js';

const ALICE = 'a'.repeat(32);
const BOB = 'b'.repeat(32);
const LEASE = 30 * SECOND;

let counter = 0;
/** Ids in creation order, as the publisher makes them. */
function row(
  endpoint: string,
  userId: string | null,
  type = 'user.registered',
): NewWebhookDelivery {
  counter += 1;
  return {
    id: `msg_${String(counter).padStart(12, '0')}`,
    endpoint,
    eventType: type,
    userId,
    payload: JSON.stringify({ type, n: counter }),
  };
}

export function webhookDeliveriesContract(s: SubjectRef): void {
  describe('webhook deliveries', () => {
    const repo = () => s.storage.webhookDeliveries;
    const claim = (owner: string, limit = 10) => repo().claim({ owner, limit, leaseMicros: LEASE });

    it('enqueue() writes pending rows due now that get() reads back', async () => {
      const first = row('crm', ALICE);
      const second = row('crm', null, 'webhook.test');
      await repo().enqueue([first, second]);
      expect(await repo().get(first.id)).toEqual({
        ...first,
        state: 'pending',
        attempts: 0,
        nextAttemptAt: s.clock.now(),
        leaseUntil: null,
        leaseOwner: null,
        lastStatus: null,
        lastError: null,
        createdAt: s.clock.now(),
        deliveredAt: null,
      });
      expect((await repo().get(second.id))?.userId).toBeNull();
      expect(await repo().get('msg_missing')).toBeNull();
      await repo().enqueue([]);
    });

    it('enqueue() writes all rows or none', async () => {
      const taken = row('crm', ALICE);
      await repo().enqueue([taken]);
      const fresh = row('crm', BOB);
      await expect(repo().enqueue([fresh, taken])).rejects.toThrow();
      expect(await repo().get(fresh.id)).toBeNull();
    });

    it('claim() leases due rows once, counts the attempt, and skips leased ones', async () => {
      const rows = [row('crm', ALICE), row('crm', BOB), row('erp', ALICE)];
      await repo().enqueue(rows);
      const claimed = await claim('w1');
      expect(claimed.map((r) => r.id)).toEqual(rows.map((r) => r.id));
      for (const r of claimed) {
        expect(r).toMatchObject({
          attempts: 1,
          leaseOwner: 'w1',
          leaseUntil: s.clock.now() + LEASE,
        });
      }
      expect(await claim('w2')).toEqual([]);
      s.clock.advance(31);
      const reclaimed = await claim('w2');
      expect(reclaimed.map((r) => [r.leaseOwner, r.attempts])).toEqual([
        ['w2', 2],
        ['w2', 2],
        ['w2', 2],
      ]);
    });

    it('claim() honours the limit and leaves rows that are not yet due', async () => {
      const rows = [row('crm', null), row('crm', null), row('crm', null)];
      await repo().enqueue(rows);
      expect(await claim('w1', 2)).toHaveLength(2);
      const [, , third] = rows;
      if (third === undefined) throw new Error('no row');
      const [leased] = await claim('w1', 1);
      expect(leased?.id).toBe(third.id);
      expect(
        await repo().markFailed(third.id, 'w1', {
          retryAt: s.clock.now() + 10 * SECOND,
          status: 500,
          error: 'HTTP 500',
        }),
      ).toBe(true);
      expect(await claim('w1')).toEqual([]);
      s.clock.advance(10);
      expect((await claim('w1')).map((r) => r.id)).toEqual([third.id]);
    });

    it('claim() keeps the order per endpoint and user: a later row waits for an earlier one', async () => {
      const a1 = row('crm', ALICE);
      const a2 = row('crm', ALICE);
      const b1 = row('crm', BOB);
      const a1Elsewhere = row('erp', ALICE);
      await repo().enqueue([a1, a2, b1, a1Elsewhere]);
      expect((await claim('w1')).map((r) => r.id)).toEqual([a1.id, b1.id, a1Elsewhere.id]);
      // a1 failed and waits for its retry: a2 still may not pass it.
      await repo().markFailed(a1.id, 'w1', {
        retryAt: s.clock.now() + 5 * SECOND,
        status: null,
        error: 'timed out',
      });
      expect(await claim('w2')).toEqual([]);
      s.clock.advance(5);
      expect((await claim('w2')).map((r) => r.id)).toEqual([a1.id]);
      expect(await repo().markDelivered(a1.id, 'w2', 200)).toBe(true);
      expect((await claim('w2')).map((r) => r.id)).toEqual([a2.id]);
    });

    it('a dead row no longer holds back later rows of its user', async () => {
      const a1 = row('crm', ALICE);
      const a2 = row('crm', ALICE);
      await repo().enqueue([a1, a2]);
      await claim('w1');
      expect(
        await repo().markFailed(a1.id, 'w1', { dead: true, status: 410, error: 'HTTP 410' }),
      ).toBe(true);
      expect(await repo().get(a1.id)).toMatchObject({
        state: 'dead',
        lastStatus: 410,
        lastError: 'HTTP 410',
        leaseOwner: null,
        leaseUntil: null,
      });
      expect((await claim('w1')).map((r) => r.id)).toEqual([a2.id]);
    });

    it('markDelivered() and markFailed() need the lease owner and a pending row', async () => {
      const r = row('crm', ALICE);
      await repo().enqueue([r]);
      await claim('w1');
      expect(await repo().markDelivered(r.id, 'w2', 200)).toBe(false);
      expect(await repo().markFailed(r.id, 'w2', { dead: true, status: null, error: 'x' })).toBe(
        false,
      );
      s.clock.advance(2);
      expect(await repo().markDelivered(r.id, 'w1', 204)).toBe(true);
      expect(await repo().get(r.id)).toMatchObject({
        state: 'delivered',
        lastStatus: 204,
        lastError: null,
        deliveredAt: s.clock.now(),
        leaseOwner: null,
      });
      expect(await repo().markDelivered(r.id, 'w1', 200)).toBe(false);
      expect(await claim('w1')).toEqual([]);
    });

    it('markFailed() keeps at most 500 characters of the error', async () => {
      const r = row('crm', null);
      await repo().enqueue([r]);
      await claim('w1');
      await repo().markFailed(r.id, 'w1', { dead: true, status: null, error: 'e'.repeat(900) });
      expect((await repo().get(r.id))?.lastError).toHaveLength(500);
    });

    it('concurrent claimers never receive the same row, and together take every row', async () => {
      const rows = Array.from({ length: 40 }, (_, i) => row(`ep-${i % 4}`, null));
      await repo().enqueue(rows);
      const ids: string[] = [];
      for (let round = 0; round < 20 && ids.length < rows.length; round += 1) {
        const results = await concurrently(8, (i) => claim(`w${round}-${i}`, 3));
        expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
        for (const r of results)
          if (r.status === 'fulfilled') ids.push(...r.value.map((d) => d.id));
      }
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual(rows.map((r) => r.id));
    });

    it('concurrent claimers take only the first row of one user', async () => {
      const rows = Array.from({ length: 10 }, () => row('crm', ALICE));
      await repo().enqueue(rows);
      const results = await concurrently(6, (i) => claim(`w${i}`, 5));
      const ids = results.flatMap((r) =>
        r.status === 'fulfilled' ? r.value.map((d) => d.id) : [],
      );
      expect(ids).toEqual([rows[0]?.id]);
    });

    it('list() filters by state and endpoint, newest first, with keyset paging', async () => {
      const rows = [row('crm', ALICE), row('erp', ALICE), row('crm', BOB), row('crm', null)];
      await repo().enqueue(rows);
      await claim('w1');
      const [first, , third] = rows;
      if (first === undefined || third === undefined) throw new Error('no rows');
      await repo().markFailed(first.id, 'w1', { dead: true, status: 500, error: 'HTTP 500' });
      await repo().markFailed(third.id, 'w1', { dead: true, status: 500, error: 'HTTP 500' });
      const ids = (list: readonly { id: string }[]) => list.map((r) => r.id);
      expect(ids(await repo().list({ limit: 10 }))).toEqual(rows.map((r) => r.id).reverse());
      expect(ids(await repo().list({ state: 'dead', limit: 10 }))).toEqual([third.id, first.id]);
      expect(ids(await repo().list({ endpoint: 'erp', limit: 10 }))).toEqual([rows[1]?.id]);
      const page = await repo().list({ endpoint: 'crm', limit: 2 });
      expect(ids(page)).toEqual([rows[3]?.id, third.id]);
      expect(ids(await repo().list({ endpoint: 'crm', after: third.id, limit: 2 }))).toEqual([
        first.id,
      ]);
    });

    it('retry() puts a dead row back to pending with its attempts reset, and nothing else', async () => {
      const r = row('crm', ALICE);
      const live = row('crm', BOB);
      await repo().enqueue([r, live]);
      await claim('w1');
      await repo().markFailed(r.id, 'w1', { dead: true, status: 500, error: 'HTTP 500' });
      await repo().markDelivered(live.id, 'w1', 200);
      s.clock.advance(60);
      const retried = await repo().retry(r.id);
      expect(retried).toMatchObject({
        state: 'pending',
        attempts: 0,
        nextAttemptAt: s.clock.now(),
        leaseOwner: null,
        lastError: 'HTTP 500',
      });
      expect(await repo().retry(r.id)).toBeNull();
      expect(await repo().retry(live.id)).toBeNull();
      expect(await repo().retry('msg_missing')).toBeNull();
      expect((await claim('w2')).map((d) => d.id)).toEqual([r.id]);
    });

    it('purgeDelivered() removes delivered rows older than the cut-off only', async () => {
      const old = row('crm', null);
      const recent = row('crm', null);
      const pending = row('crm', null);
      await repo().enqueue([old, recent]);
      await claim('w1');
      await repo().markDelivered(old.id, 'w1', 200);
      s.clock.advance(10);
      await repo().markDelivered(recent.id, 'w1', 200);
      await repo().enqueue([pending]);
      expect(await repo().purgeDelivered(s.clock.now() - 5 * SECOND)).toBe(1);
      expect(await repo().get(old.id)).toBeNull();
      expect(await repo().get(recent.id)).not.toBeNull();
      expect(await repo().get(pending.id)).not.toBeNull();
    });
  });
}
