// @ts-check

/**
 * @typedef {object} Answer
 * @property {number} status
 * @property {unknown} body parsed JSON, or the text when it is not JSON
 * @property {Headers} headers
 */

/**
 * One request to a local server, for the setup before a run (users, tokens, checks).
 * @param {number} port
 * @param {string} method
 * @param {string} path
 * @param {{ json?: unknown, body?: string, headers?: Record<string, string> }} [options]
 * @returns {Promise<Answer>}
 */
export async function call(port, method, path, options = {}) {
  const headers = { ...options.headers };
  let body = options.body;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await res.text();
  /** @type {unknown} */
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/**
 * Throws unless the answer has the expected status.
 * @param {Answer} answer
 * @param {number} status
 * @param {string} what
 * @returns {Answer}
 */
export function expectStatus(answer, status, what) {
  if (answer.status !== status) {
    throw new Error(
      `${what}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`,
    );
  }
  return answer;
}

/**
 * Runs `task` for 0…count-1, a few at a time (password hashing makes each one slow).
 * @template T
 * @param {number} count
 * @param {(index: number) => Promise<T>} task
 * @param {number} [parallel]
 * @returns {Promise<T[]>}
 */
export async function forEachIndex(count, task, parallel = 4) {
  /** @type {T[]} */
  const results = new Array(count);
  let next = 0;
  async function lane() {
    while (next < count) {
      const index = next;
      next += 1;
      results[index] = await task(index);
    }
  }
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, lane));
  return results;
}

/**
 * The bench account number `index`.
 * @param {number} index
 * @returns {{ email: string, password: string }}
 */
export function benchUser(index) {
  return { email: `bench-${index}@example.com`, password: `bench-password-${index}` };
}
