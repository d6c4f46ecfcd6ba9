// @ts-check
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/*
 * The MongoDB run uses the jongodb stand-in the test suites use (no MongoDB server can be
 * had here), labelled as such in the report: its figures say what regstack's MongoDB
 * backend costs against that server, not against a real mongod.
 */

const STARTUP_TIMEOUT_MS = 30_000;

function jongodbBinary() {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('@jongodb/memory-server-bin-linux-x64-gnu/package.json');
  return join(dirname(manifest), 'bin', 'jongodb');
}

/**
 * Starts jongodb on a free port; resolves with a database URL on it and a stop function.
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
export function startJongodb() {
  const child = spawn(jongodbBinary(), ['--port=0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(
        new Error(`jongodb printed no JONGODB_URI within ${STARTUP_TIMEOUT_MS} ms:\n${output}`),
      );
    }, STARTUP_TIMEOUT_MS);
    /** @param {Buffer} chunk */
    const read = (chunk) => {
      output += chunk.toString('utf8');
      const uri = /^JONGODB_URI=(\S+)$/m.exec(output)?.[1];
      if (uri === undefined) return;
      clearTimeout(timer);
      child.stdout.off('data', read);
      child.stdout.resume();
      const base = uri.replace(/\/[^/?]*(\?.*)?$/, '');
      resolve({
        url: `${base}/regstack_bench`,
        stop: () =>
          new Promise((done) => {
            child.once('exit', () => done(undefined));
            child.kill();
          }),
      });
    };
    child.stdout.on('data', read);
    child.stderr.on('data', (chunk) => {
      output += chunk.toString('utf8');
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
