// @ts-check
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** @typedef {import('./load.js').LoadSpec} LoadSpec */
/** @typedef {import('./load.js').LoadResult} LoadResult */

/** True when Debian's `wrk` is on the PATH. */
export function hasWrk() {
  return spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined;
}

/**
 * A Lua string literal. Requests are ASCII (tokens, emails, JSON), which JSON escaping
 * turns into a literal Lua reads the same way.
 * @param {string} text
 * @returns {string}
 */
function luaString(text) {
  if (!/^[\x20-\x7e]*$/.test(text))
    throw new Error(`wrk requests must be printable ASCII: ${text}`);
  return JSON.stringify(text);
}

/*
 * A refused request's Retry-After, waited out before the same connection's next request.
 * wrk asks for the delay right after a connection's response, so one pending pause per
 * thread is close enough: each refusal makes one connection wait.
 */
const HONOUR_RETRY_AFTER = `
local pause_ms = 0
response = function(status, headers, body)
  if status == 429 or status == 503 then
    local after = tonumber(headers["retry-after"] or headers["Retry-After"] or "1") or 1
    pause_ms = math.max(pause_ms, after * 1000)
  end
end

delay = function()
  local ms = pause_ms
  pause_ms = 0
  return ms
end
`;

/**
 * The wrk script: the requests are formatted once per thread and sent round-robin (so the
 * tokens of every user are used), and `done` prints the figures as one JSON line.
 * @param {LoadSpec} spec
 * @returns {string}
 */
function script(spec) {
  const entries = spec.requests.map((req) => {
    const headers = Object.entries(req.headers ?? {})
      .map(([name, value]) => `[${luaString(name)}] = ${luaString(value)}`)
      .join(', ');
    const body = req.body === undefined ? 'nil' : luaString(req.body);
    return `  { ${luaString(req.method)}, ${luaString(req.path)}, { ${headers} }, ${body} },`;
  });
  return `local specs = {
${entries.join('\n')}
}
local formatted = {}
local next_index = 0
local thread_counter = 0

setup = function(thread)
  thread:set("offset", thread_counter)
  thread_counter = thread_counter + 1
end

init = function(args)
  for i, s in ipairs(specs) do formatted[i] = wrk.format(s[1], s[2], s[3], s[4]) end
  next_index = (tonumber(offset) or 0) * 7
end

request = function()
  next_index = next_index % #formatted + 1
  return formatted[next_index]
end

${spec.honourRetryAfter ? HONOUR_RETRY_AFTER : ''}
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\\nWRK_JSON {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
`;
}

/**
 * Runs one wrk load and reads its figures.
 * @param {LoadSpec} spec
 * @returns {Promise<LoadResult>}
 */
export function runWrk(spec) {
  const dir = mkdtempSync(join(tmpdir(), 'regstack-wrk-'));
  const scriptPath = join(dir, 'load.lua');
  writeFileSync(scriptPath, script(spec));
  const args = [
    `-t${spec.threads}`,
    `-c${spec.connections}`,
    `-d${spec.seconds}s`,
    '--timeout',
    '10s',
    '-s',
    scriptPath,
    `http://127.0.0.1:${spec.port}`,
  ];
  return new Promise((resolve, reject) => {
    execFile('wrk', args, { maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      rmSync(dir, { recursive: true, force: true });
      const line = /^WRK_JSON (.*)$/m.exec(stdout)?.[1];
      if (error || line === undefined) {
        reject(new Error(`wrk failed: ${error?.message ?? 'no summary'}\n${stdout}\n${stderr}`));
        return;
      }
      const raw = JSON.parse(line);
      const seconds = raw.duration_us / 1e6;
      const socketErrors = raw.connect + raw.read + raw.write + raw.timeout;
      resolve({
        requests: raw.requests,
        ok: raw.requests - raw.status,
        notOk: raw.status,
        socketErrors,
        seconds,
        p50Ms: raw.p50 / 1000,
        p90Ms: raw.p90 / 1000,
        p99Ms: raw.p99 / 1000,
        maxMs: raw.max / 1000,
      });
    });
  });
}
