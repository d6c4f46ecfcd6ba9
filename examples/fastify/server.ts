import Fastify from 'fastify';
import { createRegstack } from 'regstack';
import { regstackFastify } from 'regstack/fastify';
import { isMain, type Started, type StartOptions } from '../shared.js';

export async function start(options: StartOptions = {}): Promise<Started> {
  const rs = await createRegstack({ overrides: options.overrides });
  await rs.installSchema();

  const app = Fastify();
  await app.register(regstackFastify(rs)); // /api/auth/*, with its own body parsing
  app.get('/', async () => 'my app');

  const url = await app.listen({ port: options.port ?? 3000, host: '127.0.0.1' });
  return {
    url,
    async close() {
      await app.close();
      await rs.close();
    },
  };
}

if (isMain(import.meta.url)) {
  const { url } = await start();
  console.log(`listening on ${url}`);
}
