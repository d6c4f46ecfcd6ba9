// @ts-check
/*
 * The baseline: Hono on @hono/node-server, the same stack `regstack serve` runs on,
 * answering a tiny JSON on every path. Usage: node bare-hono.js PORT
 */
import { createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';

const port = Number(process.argv[2]);
const app = new Hono();
app.all('*', (c) => c.json({ ok: true }));

const server = createServer(getRequestListener(app.fetch));
server.listen(port, '127.0.0.1');
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
