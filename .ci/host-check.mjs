// @ts-check
/*
 * Run by .ci/node-matrix inside a fresh host app that installed the packed tarball: checks the
 * published shape of regstack as a user gets it. Every entry of `exports` imports (ESM) and has
 * its `.d.ts`, every file of the repository's templates/ and static/ is in the package, and a
 * SQLite instance registers and signs in a user through `rs.fetch`. Prints one line per check;
 * exits 1 on the first set of problems.
 *
 * usage: node host-check.mjs <repository folder>
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const repo = process.argv[2];
if (repo === undefined) throw new Error('usage: node host-check.mjs <repository folder>');
const installed = join(process.cwd(), 'node_modules', 'regstack');
const resolved = import.meta.resolve('regstack');
if (!resolved.startsWith(pathToFileURL(installed).href)) {
  throw new Error(`regstack resolves to ${resolved}, not to the installed ${installed}`);
}
/** @type {string[]} */
const problems = [];

/** @param {string} dir @returns {string[]} paths relative to dir */
function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
for (const [subpath, target] of Object.entries(pkg.exports)) {
  const specifier = subpath === '.' ? 'regstack' : `regstack${subpath.slice(1)}`;
  if (typeof target === 'string') {
    if (!existsSync(join(installed, target))) problems.push(`${specifier}: ${target} is missing`);
    continue;
  }
  try {
    const names = Object.keys(await import(specifier));
    if (names.length === 0) problems.push(`${specifier}: imports with no exports`);
    const typesOk = typeof target.types === 'string' && existsSync(join(installed, target.types));
    if (!typesOk) problems.push(`${specifier}: types ${target.types} missing`);
    console.log(
      `${specifier}: ${names.length} exports (${names.slice(0, 4).join(', ')}…), types ${typesOk ? 'present' : 'MISSING'}`,
    );
  } catch (error) {
    problems.push(`${specifier}: import failed: ${error instanceof Error ? error.message : error}`);
  }
}

for (const folder of ['templates', 'static']) {
  const expected = filesUnder(join(repo, folder));
  const missing = expected.filter((file) => !existsSync(join(installed, folder, file)));
  if (expected.length === 0) problems.push(`${folder}/: the repository has no files there`);
  for (const file of missing) problems.push(`${folder}/${file} is not in the package`);
  console.log(`${folder}/: ${expected.length - missing.length} of ${expected.length} files`);
}

const { createRegstack } = await import('regstack');
const rs = await createRegstack({
  overrides: {
    jwt_secret: 'host-check-'.repeat(6),
    database_url: 'sqlite:///:memory:',
    base_url: 'http://127.0.0.1:8000',
    require_verification: false,
  },
});
try {
  await rs.installSchema();
  /** @param {string} path @returns {Promise<number>} */
  const post = async (path) => {
    const body = JSON.stringify({ email: 'host@example.com', password: 'hunter2hunter2' });
    const response = await rs.fetch(
      new Request(`http://127.0.0.1:8000/api/auth${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      }),
    );
    await response.arrayBuffer();
    return response.status;
  };
  const registered = await post('/register');
  const signedIn = await post('/login');
  if (registered !== 201 || signedIn !== 200) {
    problems.push(`SQLite instance: register ${registered}, login ${signedIn} (want 201, 200)`);
  }
  console.log(`SQLite instance: register ${registered}, login ${signedIn}`);
} finally {
  await rs.close();
}

if (problems.length > 0) {
  console.error(problems.map((problem) => `host check: ${problem}`).join('\n'));
  process.exit(1);
}
console.log(`host check: regstack ${pkg.version} on Node ${process.version} is complete`);
