import { createRegstack, type Regstack } from 'regstack';

/*
 * Any runtime with Web-standard Request and Response (Bun, Deno, a service worker style
 * host): regstack is a `(Request) => Promise<Response>` function. Build it once and hand
 * it every request under its prefix.
 */
let instance: Promise<Regstack> | undefined;

function regstack(): Promise<Regstack> {
  instance ??= createRegstack().then(async (rs) => {
    await rs.installSchema();
    return rs;
  });
  return instance;
}

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname.startsWith('/api/auth/')) return (await regstack()).fetch(request);
    return new Response('my app');
  },
};
