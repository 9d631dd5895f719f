import type { FastifyInstance, FastifyRequest } from 'fastify';
import { dealWorkflowId } from '@app/workflows';
import type { AuthenticatedRequest } from '../auth/auth.decorators';
import type { ApiMetrics } from '../metrics/api-metrics';
import { TRACE_ID, type TracedRequest } from './tracing.interceptor';

/**
 * One structured line per request (and its latency in the metrics), with who did it and which deal and workflow it touched. The URL is
 * logged without its query string, and never a header or a body: tokens and findings stay out of logs.
 */
export function logRequests(fastify: FastifyInstance, metrics: ApiMetrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    // The route template, never the URL: one series per endpoint, not one per deal.
    metrics.observeRequest(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1_000);
    const dealId = (request.params as Record<string, string | undefined> | undefined)?.dealId;
    request.log.info(
      {
        requestId: request.id,
        method: request.method,
        path: request.url.split('?')[0],
        route: request.routeOptions.url,
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime),
        userId: (request as FastifyRequest & AuthenticatedRequest).actor?.userId,
        traceId: (request as TracedRequest)[TRACE_ID],
        ...(dealId ? { dealId, workflowId: dealWorkflowId(dealId) } : {}),
      },
      'request',
    );
    done();
  });
}
