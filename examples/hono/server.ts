import { type ServerType, serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createRegstack } from 'regstack';
import { regstackHono } from 'regstack/hono';
import { isMain, type Started, type StartOptions } from '../shared.js';

export async function start(options: StartOptions = {}): Promise<Started> {
  const rs = await createRegstack({ overrides: options.overrides });
  await rs.installSchema();
  rs.on('user_registered', ({ user }) => console.log('welcome', user.email));

  const app = new Hono();
  app.route('/', regstackHono(rs)); // everything under /api/auth
  app.get('/', (c) => c.text('my app'));

  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 3000, hostname: '127.0.0.1' }, () =>
      resolve(s),
    );
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
