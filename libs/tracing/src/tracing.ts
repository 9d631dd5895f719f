import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { OpenTelemetryPlugin } from '@temporalio/interceptors-opentelemetry';

/** The workflow-side interceptors; every workflow bundle carries them, so one bundle serves with tracing on or off. */
export const WORKFLOW_TRACING_MODULES = [require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors')];

export interface Tracing {
  /** Temporal's OpenTelemetry plugin: client and activity interceptors, and the sink that exports workflow spans. */
  readonly plugin: OpenTelemetryPlugin;
  /** Sends the spans still buffered; TracingModule calls it at shutdown. */
  flush(): Promise<void>;
}

let installed: { endpoint: string | null; tracing: Tracing } | undefined;

/**
 * OpenTelemetry for this process, once: spans from HTTP requests through the Temporal client to the
 * workflows and activities, exported over OTLP/HTTP to `endpoint` (e.g. http://collector:4318).
 * Without an endpoint nothing is recorded or sent, and the same interceptors run as no-ops.
 */
export function installTracing(serviceName: string, endpoint: string | null): Tracing {
  if (installed !== undefined) {
    if (installed.endpoint !== endpoint) throw new Error(`tracing is already installed in this process for ${installed.endpoint ?? 'no endpoint'}`);
    return installed.tracing;
  }
  const resource = new Resource({ 'service.name': serviceName });
  const spanProcessor: SpanProcessor = endpoint === null ? new NoopSpanProcessor() : new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` }));
  if (endpoint !== null) {
    // Registers the tracer provider, the AsyncLocalStorage context manager and W3C trace-context propagation.
    new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] }).register();
  }
  const tracing: Tracing = {
    plugin: new OpenTelemetryPlugin({ resource, spanProcessor }),
    flush: () => spanProcessor.forceFlush(),
  };
  installed = { endpoint, tracing };
  return tracing;
}
