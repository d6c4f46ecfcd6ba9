import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import type { AppEnv } from './app-env.js';
import { RequestValidationError, validateInput } from './validation-error.js';

export type HttpMethod = 'get' | 'post' | 'patch' | 'delete';

export interface RouteSpec<
  B extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  P extends z.ZodType | undefined = undefined,
> {
  readonly method: HttpMethod;
  /** Hono path syntax (`/admin/users/:user_id`), relative to the API prefix. */
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  readonly status: number;
  readonly response: z.ZodType;
  readonly body?: B;
  readonly query?: Q;
  /** The path parameters, validated with `loc: ["path", …]` and listed in the OpenAPI entry. */
  readonly params?: P;
  /** Runs before validation: authentication comes before schema checks (TS-CONTRACT §4). */
  readonly guard?: MiddlewareHandler<AppEnv> | undefined;
  readonly secured?: boolean | undefined;
  readonly handler: (
    c: Context<AppEnv>,
    input: {
      body: B extends z.ZodType ? z.output<B> : undefined;
      query: Q extends z.ZodType ? z.output<Q> : undefined;
      params: P extends z.ZodType ? z.output<P> : undefined;
    },
  ) => Promise<Response>;
}

/** The routes an app has mounted, for the 405 answer to a known path with another method. */
export type RouteTable = Array<{ method: string; pattern: RegExp }>;

function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_]+)/g, '{$1}');
}

function pathPattern(prefix: string, path: string): RegExp {
  const escaped = `${prefix}${path}`
    .split(/(:[A-Za-z_]+)/)
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${escaped}/?$`);
}

function bodyValue(c: Context<AppEnv>): unknown {
  const body = c.get('body');
  if (body.kind === 'json') return body.value;
  if (body.kind === 'unparsed') {
    throw new RequestValidationError([
      {
        type: 'model_attributes_type',
        loc: ['body'],
        msg: 'Input should be a valid dictionary or object to extract fields from',
        input: null,
      },
    ]);
  }
  return undefined;
}

/** A repeated query parameter counts by its last value, as Starlette's `QueryParams` does. */
function queryValues(c: Context<AppEnv>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, all] of Object.entries(c.req.queries())) {
    const last = all.at(-1);
    if (last !== undefined) values[name] = last;
  }
  return values;
}

/**
 * Declares a route once: its zod schemas both validate requests and describe the route
 * in the OpenAPI document, so the two cannot drift apart.
 */
export function defineRoute<
  B extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  P extends z.ZodType | undefined = undefined,
>(app: OpenAPIHono<AppEnv>, table: RouteTable, prefix: string, spec: RouteSpec<B, Q, P>): void {
  app.openAPIRegistry.registerPath(
    createRoute({
      method: spec.method,
      path: openApiPath(spec.path),
      summary: spec.summary,
      tags: [spec.tag],
      ...(spec.secured ? { security: [{ bearerAuth: [] }] } : {}),
      request: {
        ...(spec.body
          ? { body: { required: true, content: { 'application/json': { schema: spec.body } } } }
          : {}),
        ...(spec.query ? { query: spec.query } : {}),
        ...(spec.params ? { params: spec.params } : {}),
      },
      responses: {
        [spec.status]: {
          description: 'Success',
          content: { 'application/json': { schema: spec.response } },
        },
      },
    } as Parameters<typeof createRoute>[0]),
  );
  table.push({ method: spec.method.toUpperCase(), pattern: pathPattern(prefix, spec.path) });

  const route: MiddlewareHandler<AppEnv> = async function route(c) {
    const body = spec.body ? validateInput(spec.body, bodyValue(c), 'body') : undefined;
    const query = spec.query ? validateInput(spec.query, queryValues(c), 'query') : undefined;
    const params = spec.params ? validateInput(spec.params, c.req.param(), 'path') : undefined;
    return spec.handler(c, { body, query, params } as Parameters<typeof spec.handler>[1]);
  };
  const method = spec.method.toUpperCase();
  if (spec.guard) app.on(method, spec.path, spec.guard, route);
  else app.on(method, spec.path, route);
}
