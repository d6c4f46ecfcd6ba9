import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { configFromOverrides } from '../../src/config/load.js';
import { createSilentLogger } from '../../src/logging/json-logger.js';
import { createRegstack, type Regstack } from '../../src/regstack.js';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { createTestDatabaseUrl } from '../support/test-database.js';
import { HTTP_BACKENDS, type TestBackend, testConfigOverrides } from '../support/test-regstack.js';

/*
 * Item 8 of the attack review: forgot-password and resend-verification took 7 ms for a
 * known address and 1.4 ms for an unknown one, because the mail went out before the
 * answer. Through a real SMTP server, the medians of many tries must now match within
 * noise. The issue asks for this measurement in the suite; it compares two medians taken
 * in the same run, never a figure against a fixed time.
 */

const TRIES = 30;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

describe.each(HTTP_BACKENDS)('attack review: equal timing on %s', (backend: TestBackend) => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start(): Promise<{ rs: Regstack; sink: SmtpSink }> {
    const sink = await startSmtpSink();
    cleanups.push(() => sink.close());
    const databaseUrl = await createTestDatabaseUrl(backend, cleanups);
    const rs = await createRegstack({
      config: configFromOverrides(
        testConfigOverrides({
          database_url: databaseUrl,
          require_verification: true,
          email: {
            backend: 'smtp',
            smtp_host: sink.host,
            smtp_port: sink.port,
            smtp_starttls: false,
            from_address: 'test@example.com',
          },
        }),
      ),
      logger: createSilentLogger(),
    });
    cleanups.push(() => rs.close());
    await rs.installSchema();
    return { rs, sink };
  }

  async function timed(rs: Regstack, path: string, email: string): Promise<number> {
    const request = new Request(`http://localhost:8000/api/auth${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    const started = performance.now();
    const response = await rs.fetch(request);
    await response.text();
    const elapsed = performance.now() - started;
    expect(response.status).toBe(202);
    await rs.settled();
    return elapsed;
  }

  async function compare(rs: Regstack, path: string, known: string): Promise<void> {
    const knownTimes: number[] = [];
    const unknownTimes: number[] = [];
    // Warm both paths, then interleave so drift on a shared machine hits both alike.
    await timed(rs, path, known);
    await timed(rs, path, 'warm-up@example.com');
    for (let i = 0; i < TRIES; i++) {
      knownTimes.push(await timed(rs, path, known));
      unknownTimes.push(await timed(rs, path, `nobody-${i}@example.com`));
    }
    const k = median(knownTimes);
    const u = median(unknownTimes);
    // Before the fix the known path carried an SMTP round trip: several times the other.
    expect(Math.abs(k - u), `known ${k.toFixed(2)} ms, unknown ${u.toFixed(2)} ms`).toBeLessThan(
      0.5 * Math.max(k, u) + 0.3,
    );
  }

  it('forgot-password answers a known and an unknown address alike, and still mails', async () => {
    const { rs, sink } = await start();
    await rs.storage.users.create({
      email: 'alice@example.com',
      hashedPassword: await rs.hasher.hash('hunter2hunter2'),
      fullName: null,
      isActive: true,
      isVerified: true,
    });
    await compare(rs, '/forgot-password', 'alice@example.com');
    // Limits are off in this instance, so every request mailed.
    expect(sink.messages.filter((m) => m.envelopeTo.includes('alice@example.com'))).toHaveLength(
      TRIES + 1,
    );
  });

  it('resend-verification answers a pending and an unknown address alike, and still mails', async () => {
    const { rs, sink } = await start();
    const registered = await rs.fetch(
      new Request('http://localhost:8000/api/auth/register', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'bob@example.com', password: 'hunter2hunter2' }),
      }),
    );
    expect(registered.status).toBe(201);
    await compare(rs, '/resend-verification', 'bob@example.com');
    expect(
      sink.messages.filter((m) => m.envelopeTo.includes('bob@example.com')).length,
    ).toBeGreaterThan(1);
  });
});
