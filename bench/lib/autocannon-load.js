// @ts-check
/*
 * The autocannon fallback, run as its own process so that it sits on the load cores like
 * wrk would. Reads a LoadSpec as JSON from argv[2] and prints a LoadResult as JSON.
 */
import autocannon from 'autocannon';

/** @type {import('./load.js').LoadSpec} */
const spec = JSON.parse(process.argv[2] ?? '{}');

const result = await autocannon({
  url: `http://127.0.0.1:${spec.port}`,
  connections: spec.connections,
  duration: spec.seconds,
  timeout: 10,
  requests: spec.requests.map((req) => ({
    method: /** @type {import('autocannon').Request['method']} */ (req.method),
    path: req.path,
    headers: req.headers ?? {},
    ...(req.body === undefined ? {} : { body: req.body }),
  })),
});

const notOk = Object.entries(result.statusCodeStats ?? {})
  .filter(([status]) => Number(status) >= 400)
  .reduce((sum, [, stats]) => sum + Number(stats.count), 0);
/** @type {import('./load.js').LoadResult} */
const summary = {
  requests: result.requests.total,
  ok: result.requests.total - notOk,
  notOk,
  socketErrors: result.errors,
  seconds: result.duration,
  p50Ms: result.latency.p50,
  p90Ms: result.latency.p90,
  p99Ms: result.latency.p99,
  maxMs: result.latency.max,
};
process.stdout.write(`${JSON.stringify(summary)}\n`);
