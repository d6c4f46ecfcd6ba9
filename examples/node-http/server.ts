import { createServer } from 'node:http';
import { createRegstack } from 'regstack';
import { createNodeHandler } from 'regstack/node';
import { isMain, type Started, type StartOptions } from '../shared.js';

export async function start(options: StartOptions = {}): Promise<Started> {
  const rs = await createRegstack({ overrides: options.overrides });
  await rs.installSchema();

  const server = createServer(
    createNodeHandler(rs, {
      // Everything outside /api/auth is the app's.
      fallback: (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('my app');
      },
    }),
  );
  await new Promise<void>((resolve) => server.listen(options.port ?? 3000, '127.0.0.1', resolve));
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
