import type { AuthenticatedSession } from '../flows/authenticate.js';

/** What the body middleware found: parsed JSON, no body at all, or a body it would not parse. */
export type ParsedBody =
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'absent' }
  | { readonly kind: 'unparsed' };

/** Per-request values shared by regstack's middleware and routes. */
export interface AppEnv {
  Variables: {
    body: ParsedBody;
    session: AuthenticatedSession;
    clientIp: string | null;
  };
}
