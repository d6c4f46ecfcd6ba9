// app/api/auth/[...path]/route.ts: every regstack route, in the App Router.
import { getRegstack } from '../../../../lib/regstack.js';

// regstack needs Node (SQLite, argon2), not the edge runtime.
export const runtime = 'nodejs';

async function handler(request: Request): Promise<Response> {
  return (await getRegstack()).fetch(request);
}

export { handler as DELETE, handler as GET, handler as PATCH, handler as POST };
