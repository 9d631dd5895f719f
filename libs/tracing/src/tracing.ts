import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { OpenTelemetryPlugin } from '@temporalio/interceptors-opentelemetry';

/** The workflow-side interceptors, carried by the traced workflow bundle only (see `workflowBundleOptions`). */
export const WORKFLOW_TRACING_MODULES = [require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors')];

export interface Tracing {
  /**
   * Temporal's OpenTelemetry plugin (activity interceptors and the sink that exports workflow spans) when
   * traces go somewhere; none otherwise, because the workflow interceptors build and ship every span
   * to the worker's main thread even when nothing exports them.
   */
  readonly workerPlugins: OpenTelemetryPlugin[];
  /** Sends the spans still buffered; TracingModule calls it at shutdown. */
  flush(): Promise<void>;
}

/** Temporal's OpenTelemetry plugin for a worker that runs the traced bundle; by default it drops every span (replay). */
export function workerTracingPlugin(serviceName: string, spanProcessor: SpanProcessor = new NoopSpanProcessor()): OpenTelemetryPlugin {
  return new OpenTelemetryPlugin({ resource: new Resource({ 'service.name': serviceName }), spanProcessor });
}

let installed: { endpoint: string | null; tracing: Tracing } | undefined;

/**
 * OpenTelemetry for this process, once: spans from HTTP requests through the Temporal client to the
 * workflows and activities, exported over OTLP/HTTP to `endpoint` (e.g. http://collector:4318).
 * Without an endpoint nothing is recorded or sent, and the worker runs no tracing interceptors.
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
    workerPlugins: endpoint === null ? [] : [workerTracingPlugin(serviceName, spanProcessor)],
    flush: () => spanProcessor.forceFlush(),
  };
  installed = { endpoint, tracing };
  return tracing;
}
