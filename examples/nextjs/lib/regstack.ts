import { createRegstack, type Regstack } from 'regstack';

/*
 * One instance per server process. Next.js may evaluate a route module more than once in
 * development, so the instance lives on globalThis rather than in a module variable.
 */
const holder = globalThis as { regstack?: Promise<Regstack> };

export function getRegstack(): Promise<Regstack> {
  holder.regstack ??= createRegstack().then(async (rs) => {
    await rs.installSchema();
    return rs;
  });
  return holder.regstack;
}
