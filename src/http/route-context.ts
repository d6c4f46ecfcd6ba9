import type { OpenAPIHono } from '@hono/zod-openapi';
import type { FlowDeps } from '../flows/deps.js';
import type { AppEnv } from './app-env.js';
import type { RouteTable } from './define-route.js';

/** What a route group needs to mount itself. */
export interface RouteContext {
  readonly app: OpenAPIHono<AppEnv>;
  readonly table: RouteTable;
  /** The API prefix, for the 405 table (the app itself is mounted under it). */
  readonly prefix: string;
  readonly deps: FlowDeps;
}
