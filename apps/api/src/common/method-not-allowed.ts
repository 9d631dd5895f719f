import type { FastifyInstance, FastifyReply } from 'fastify';
import { errorBody } from './http-exception.filter';

/** The methods a client may meet on the API; CORS preflights (OPTIONS) stay with the CORS plugin. */
const ANSWERED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'TRACE', 'QUERY'] as const;

/**
 * A known path asked with a method it does not serve gets 405 with an Allow header, not 404:
 * collects the routes as they are registered, then adds one 405 route per path for the rest.
 */
export function answerUnsupportedMethods(fastify: FastifyInstance): () => void {
  const methodsByUrl = new Map<string, Set<string>>();
  fastify.addHook('onRoute', (route) => {
    const methods = methodsByUrl.get(route.url) ?? new Set<string>();
    for (const method of [route.method].flat()) methods.add(method.toUpperCase());
    methodsByUrl.set(route.url, methods);
  });
  return () => {
    for (const [url, methods] of [...methodsByUrl]) {
      const missing = ANSWERED_METHODS.filter((method) => !methods.has(method));
      if (missing.length === 0) continue;
      const allow = [...methods].sort().join(', ');
      const refuse = (reply: FastifyReply) => reply.status(405).header('Allow', allow).send(errorBody(405, `this path answers ${allow} only`));
      fastify.route({
        method: missing,
        url,
        // Before the body is read: a method that carries one (QUERY) is refused for its method, not its body.
        onRequest: async (_request, reply) => refuse(reply),
        handler: async (_request, reply) => refuse(reply),
      });
    }
  };
}
