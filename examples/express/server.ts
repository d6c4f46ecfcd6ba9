import type { Server } from 'node:http';
import express from 'express';
import { createRegstack } from 'regstack';
import { regstackExpress } from 'regstack/express';
import { isMain, type Started, type StartOptions } from '../shared.js';

export async function start(options: StartOptions = {}): Promise<Started> {
  const rs = await createRegstack({ overrides: options.overrides });
  await rs.installSchema();

  const app = express();
  // Before express.json(): regstack reads its own bodies.
  app.use(regstackExpress(rs));
  app.use(express.json());
  app.get('/', (_req, res) => {
    res.send('my app');
  });

  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(options.port ?? 3000, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await rs.close();
    },
  };
}

if (isMain(import.meta.url)) {
  const { url } = await start();
  console.log(`listening on ${url}`);
}
