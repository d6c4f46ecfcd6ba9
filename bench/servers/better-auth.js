// @ts-check
/*
 * The peer: Better Auth with email and password on SQLite (better-sqlite3, WAL), served by
 * node:http through its own Node handler. Its schema is migrated before it listens, as
 * `regstack serve` migrates its own. Rate limiting is off, as it is for regstack's runs.
 * Usage: BETTER_AUTH_SECRET=… node better-auth.js PORT DATABASE_FILE
 */
import { createServer } from 'node:http';
import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import { toNodeHandler } from 'better-auth/node';
import Database from 'better-sqlite3';

const port = Number(process.argv[2]);
const file = process.argv[3] ?? 'better-auth.db';
const database = new Database(file);
database.pragma('journal_mode = WAL');

const auth = betterAuth({
  baseURL: `http://127.0.0.1:${port}`,
  secret: process.env.BETTER_AUTH_SECRET,
  database,
  emailAndPassword: { enabled: true, autoSignIn: false },
  rateLimit: { enabled: false },
  telemetry: { enabled: false },
});

const { runMigrations } = await getMigrations(auth.options);
await runMigrations();

const server = createServer(toNodeHandler(auth));
server.listen(port, '127.0.0.1');
const stop = () =>
  server.close(() => {
    database.close();
    process.exit(0);
  });
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
