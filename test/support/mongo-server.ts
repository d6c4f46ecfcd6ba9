import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { MongoClient } from 'mongodb';

/*
 * vitest global setup: starts the MongoDB-compatible jongodb test server once per run on a
 * free port and hands its URI to the workers through the environment; stops it when every
 * test file has finished. With REGSTACK_TEST_MONGODB_URL set, the MongoDB tests also run on
 * that real server, and the run's databases there are dropped at the end.
 */

const STARTUP_TIMEOUT_MS = 30_000;

function jongodbBinary(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('@jongodb/memory-server-bin-linux-x64-gnu/package.json');
  return join(dirname(manifest), 'bin', 'jongodb');
}

function startJongodb(): Promise<{ uri: string; child: ChildProcess }> {
  const child = spawn(jongodbBinary(), ['--port=0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(
        new Error(`jongodb printed no JONGODB_URI within ${STARTUP_TIMEOUT_MS} ms:\n${output}`),
      );
    }, STARTUP_TIMEOUT_MS);
    const read = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const uri = /^JONGODB_URI=(\S+)$/m.exec(output)?.[1];
      if (uri !== undefined) {
        clearTimeout(timer);
        child.stdout?.off('data', read);
        // Keep draining its output so a chatty server never blocks on a full pipe.
        child.stdout?.resume();
        resolve({ uri, child });
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`jongodb exited with ${code} before it was ready:\n${output}`));
    });
  });
}

async function dropRunDatabases(url: string, prefix: string): Promise<void> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5_000 });
  try {
    const { databases } = await client.db().admin().listDatabases({ nameOnly: true });
    for (const { name } of databases) {
      if (name.startsWith(prefix)) await client.db(name).dropDatabase();
    }
  } catch {
    // The server went away: nothing is left to drop.
  } finally {
    await client.close();
  }
}

export async function setup(): Promise<() => Promise<void>> {
  const { uri, child } = await startJongodb();
  process.env.REGSTACK_TEST_JONGODB_URI = uri;
  return async () => {
    child.kill();
    const real = process.env.REGSTACK_TEST_MONGODB_URL;
    const run = process.env.REGSTACK_TEST_RUN ?? 'adhoc';
    if (real !== undefined && real !== '') await dropRunDatabases(real, `rs_test_${run}_`);
  };
}
