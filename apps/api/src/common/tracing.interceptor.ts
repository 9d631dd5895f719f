import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';

/** The request's trace ID, kept on the request for its log line (written after the span has ended). */
export const TRACE_ID = Symbol('traceId');
export type TracedRequest = FastifyRequest & { [TRACE_ID]?: string };

/**
 * One server span per request, named by route template, active while the handler runs, so the
 * Temporal client's interceptor carries it into the workflow and from there to the activities.
 */
@Injectable()
export class TracingInterceptor implements NestInterceptor {
  private readonly tracer = trace.getTracer('groundwork-api');

  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = execution.switchToHttp();
    const request = http.getRequest<TracedRequest>();
    const route = request.routeOptions.url ?? 'unmatched';
    const span = this.tracer.startSpan(`${request.method} ${route}`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'http.route': route } });
    if (span.isRecording()) request[TRACE_ID] = span.spanContext().traceId;
    const active = trace.setSpan(context.active(), span);
    return new Observable((subscriber) =>
      context.with(active, () =>
        next.handle().subscribe({
          next: (value) => subscriber.next(value),
          error: (error: unknown) => {
            span.recordException(error instanceof Error ? error : String(error));
            span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
            span.end();
            subscriber.error(error);
          },
          complete: () => {
            span.setAttribute('http.response.status_code', http.getResponse<FastifyReply>().statusCode);
            span.end();
            subscriber.complete();
          },
        }),
      ),
    );
  }
}
