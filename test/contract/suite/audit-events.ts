import { describe, expect, it } from 'vitest';
import type { AuditEventRecord, NewAuditEvent } from '../../../src/model/records.js';
import { ID_SHAPE, MINUTE, SECOND, type SubjectRef } from './subject.js';

const ALICE = 'a'.repeat(32);
const BOB = 'b'.repeat(32);
const ADMIN = 'c'.repeat(32);

export function auditEventsContract(s: SubjectRef): void {
  const event = (overrides: Partial<NewAuditEvent> = {}): NewAuditEvent => ({
    occurredAt: s.clock.now(),
    type: 'login.succeeded',
    outcome: 'success',
    actorId: ALICE,
    userId: ALICE,
    ip: '203.0.113.7',
    userAgent: 'Mozilla/5.0 (Test)',
    details: { method: 'password' },
    ...overrides,
  });
  const ids = (rows: readonly AuditEventRecord[]): string[] => rows.map((row) => row.id);
  const idsOf = (...rows: readonly (AuditEventRecord | undefined)[]): (string | undefined)[] =>
    rows.map((row) => row?.id);
  /** Appends `count` events one microsecond apart, each with its index in `details.n`. */
  const appendSeries = async (
    count: number,
    overrides: (n: number) => Partial<NewAuditEvent> = () => ({}),
  ): Promise<AuditEventRecord[]> => {
    const rows: AuditEventRecord[] = [];
    for (let n = 0; n < count; n += 1) {
      rows.push(await s.storage.audit.append(event({ details: { n }, ...overrides(n) })));
      s.clock.advanceMicros(1);
    }
    return rows;
  };

  describe('audit events', () => {
    it('audit.append() assigns an id of its own and keeps every field', async () => {
      const input = event({
        details: { method: 'password', changed: 'email,full_name', count: 3, mfa: true, x: null },
      });
      const row = await s.storage.audit.append(input);
      expect(row).toEqual({ id: row.id, ...input });
      expect(row.id).toMatch(ID_SHAPE[s.storage.kind]);
      expect(await s.storage.audit.list({}, { limit: 10 })).toEqual([row]);
    });

    it('audit.append() keeps null actor, user, address and user agent, and empty details', async () => {
      const input = event({
        type: 'login.failed',
        outcome: 'failure',
        actorId: null,
        userId: null,
        ip: null,
        userAgent: null,
        details: {},
      });
      const row = await s.storage.audit.append(input);
      expect(await s.storage.audit.list({}, { limit: 10 })).toEqual([{ id: row.id, ...input }]);
    });

    it('audit.list() returns newest first and pages by the cursor without gaps or repeats', async () => {
      const rows = await appendSeries(7);
      // Two events in the same microsecond: the id breaks the tie.
      const twinA = await s.storage.audit.append(event({ details: { n: 7 } }));
      const twinB = await s.storage.audit.append(event({ details: { n: 8 } }));
      const newestFirst = [...rows, twinA, twinB].sort(
        (a, b) => b.occurredAt - a.occurredAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
      );
      const seen: AuditEventRecord[] = [];
      let after: { occurredAt: number; id: string } | undefined;
      for (;;) {
        const page = await s.storage.audit.list({}, { limit: 3, after });
        seen.push(...page);
        const last = page.at(-1);
        if (page.length < 3 || last === undefined) break;
        after = { occurredAt: last.occurredAt, id: last.id };
      }
      expect(ids(seen)).toEqual(ids(newestFirst));
      expect(seen.slice(2).map((row) => row.details.n)).toEqual([6, 5, 4, 3, 2, 1, 0]);
    });

    it('audit.list() filters by user, types, outcome and a half-open time range', async () => {
      const start = s.clock.now();
      const rows = await appendSeries(6, (n) => ({
        userId: n % 2 === 0 ? ALICE : BOB,
        actorId: n === 4 ? ADMIN : n % 2 === 0 ? ALICE : BOB,
        type: n < 3 ? 'login.succeeded' : n === 3 ? 'login.failed' : 'admin.user_updated',
        outcome: n === 3 ? 'failure' : 'success',
      }));
      const [r0, r1, r2, r3, r4, r5] = rows;
      const list = (filter: Parameters<typeof s.storage.audit.list>[0]) =>
        s.storage.audit.list(filter, { limit: 100 }).then(ids);
      expect(await list({ userId: ALICE })).toEqual(idsOf(r4, r2, r0));
      expect(await list({ types: ['login.failed', 'admin.user_updated'] })).toEqual(
        idsOf(r5, r4, r3),
      );
      expect(await list({ types: [] })).toEqual([]);
      expect(await list({ outcome: 'failure' })).toEqual(idsOf(r3));
      expect(await list({ since: start + 2, until: start + 4 })).toEqual(idsOf(r3, r2));
      expect(await list({ userId: BOB, types: ['login.succeeded'], since: start })).toEqual(
        idsOf(r1),
      );
      expect(await list({ userId: 'f'.repeat(32) })).toEqual([]);
    });

    it('audit.list() with a filter pages by the cursor too', async () => {
      const rows = await appendSeries(5, (n) => ({ userId: n === 2 ? BOB : ALICE }));
      const first = await s.storage.audit.list({ userId: ALICE }, { limit: 2 });
      const last = first.at(-1);
      expect(last).toBeDefined();
      if (last === undefined) return;
      const second = await s.storage.audit.list(
        { userId: ALICE },
        { limit: 10, after: { occurredAt: last.occurredAt, id: last.id } },
      );
      const alice = rows.filter((row) => row.userId === ALICE).reverse();
      expect([...ids(first), ...ids(second)]).toEqual(ids(alice));
    });

    it('audit.list() after a malformed or unknown cursor id returns a page, never throws', async () => {
      await appendSeries(2);
      const after = { occurredAt: s.clock.now() + MINUTE, id: 'not an id' };
      const rows = await s.storage.audit.list({}, { limit: 10, after });
      expect(rows.length === 0 || rows.length === 2).toBe(true);
    });

    it('audit.purgeBefore() deletes events older than the cut-off only', async () => {
      await s.storage.audit.append(event());
      s.clock.advanceMicros(10 * SECOND);
      const cutoff = s.clock.now();
      const kept = await s.storage.audit.append(event());
      expect(await s.storage.audit.purgeBefore(cutoff)).toBe(1);
      expect(await s.storage.audit.purgeBefore(cutoff)).toBe(0);
      expect(ids(await s.storage.audit.list({}, { limit: 10 }))).toEqual([kept.id]);
    });
  });
}
