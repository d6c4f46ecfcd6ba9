import { describe, expect, it } from 'vitest';
import { createHashGate } from './hash-gate.js';
import { HASHER_BUSY_RETRY_AFTER_SECONDS, HasherBusyError } from './hasher-busy-error.js';

function deferred<T>() {
  let resolve: (value: T) => void = () => {};
  let reject: (error: unknown) => void = () => {};
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const settle = <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

describe('createHashGate', () => {
  it('runs up to `concurrency` tasks, queues up to `maxQueue`, refuses the rest at once', async () => {
    const gate = createHashGate({ concurrency: 2, maxQueue: 1 });
    const tasks = [deferred<number>(), deferred<number>(), deferred<number>()];
    let started = 0;
    const results = [0, 1, 2, 3, 4].map((i) =>
      settle(
        gate.run(() => {
          started += 1;
          return tasks[i]?.promise ?? Promise.resolve(-1);
        }),
      ),
    );
    expect(started).toBe(2);
    expect(gate.active).toBe(2);
    expect(gate.queued).toBe(1);

    for (const result of await Promise.all(results.slice(3))) {
      expect(result).toEqual({ ok: false, error: expect.any(HasherBusyError) });
    }

    tasks[0]?.resolve(0);
    await results[0];
    expect(started).toBe(3);
    expect(gate.active).toBe(2);
    expect(gate.queued).toBe(0);
    tasks[1]?.resolve(1);
    tasks[2]?.resolve(2);
    expect(await Promise.all(results.slice(0, 3))).toEqual([
      { ok: true, value: 0 },
      { ok: true, value: 1 },
      { ok: true, value: 2 },
    ]);
    expect(gate.active).toBe(0);
  });

  it('admits queued tasks in FIFO order', async () => {
    const gate = createHashGate({ concurrency: 1, maxQueue: 10 });
    const order: number[] = [];
    const first = deferred<void>();
    const runs = [gate.run(() => first.promise)];
    for (let i = 1; i <= 5; i++) {
      runs.push(
        gate.run(async () => {
          order.push(i);
        }),
      );
    }
    first.resolve();
    await Promise.all(runs);
    expect(order).toEqual([1, 2, 3, 4, 5]);
  });

  it('releases the slot when a task rejects or throws', async () => {
    const gate = createHashGate({ concurrency: 1, maxQueue: 0 });
    await expect(gate.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(gate.active).toBe(0);
    await expect(
      gate.run(() => {
        throw new Error('sync boom');
      }),
    ).rejects.toThrow('sync boom');
    expect(gate.active).toBe(0);
    await expect(gate.run(async () => 'ok')).resolves.toBe('ok');
  });

  it('hands a failed task’s slot to the next in the queue', async () => {
    const gate = createHashGate({ concurrency: 1, maxQueue: 1 });
    const failing = gate.run(() => Promise.reject(new Error('boom')));
    const next = gate.run(async () => 'next');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
    expect(gate.active).toBe(0);
  });

  it('HasherBusyError carries a one-second Retry-After', () => {
    const error = new HasherBusyError();
    expect(error.retryAfterSeconds).toBe(1);
    expect(HASHER_BUSY_RETRY_AFTER_SECONDS).toBe(1);
    expect(error.name).toBe('HasherBusyError');
    expect(error).toBeInstanceOf(Error);
  });
});
