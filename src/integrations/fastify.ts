import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Regstack } from '../regstack.js';

/** The parts of a Fastify instance the plugin uses (Fastify itself is not imported). */
export interface FastifyLikeInstance {
  removeAllContentTypeParsers(): void;
  addContentTypeParser(
    contentType: string,
    parser: (
      request: unknown,
      payload: unknown,
      done: (error: Error | null, body?: unknown) => void,
    ) => void,
  ): void;
  all(
    path: string,
    handler: (request: { raw: IncomingMessage }, reply: FastifyLikeReply) => Promise<void> | void,
  ): void;
}

export interface FastifyLikeReply {
  raw: ServerResponse;
  hijack(): void;
}

export type FastifyPlugin = (instance: FastifyLikeInstance, options: unknown) => Promise<void>;

/**
 * A Fastify plugin that hands regstack's prefixes to regstack. Inside the plugin's own
 * (encapsulated) context, bodies are left unread, so regstack parses them by its rules;
 * the host's parsers elsewhere are untouched.
 *
 * @example
 * await fastify.register(regstackFastify(rs));
 */
export function regstackFastify(rs: Regstack): FastifyPlugin {
  const listener = getRequestListener(rs.fetch);
  return async function regstackPlugin(instance) {
    instance.removeAllContentTypeParsers();
    instance.addContentTypeParser('*', (_request, _payload, done) => done(null));
    const handle = async (
      request: { raw: IncomingMessage },
      reply: FastifyLikeReply,
    ): Promise<void> => {
      reply.hijack();
      await listener(request.raw, reply.raw);
    };
    for (const prefix of rs.prefixes) {
      instance.all(prefix === '' ? '/' : prefix, handle);
      instance.all(`${prefix}/*`, handle);
    }
  };
}
