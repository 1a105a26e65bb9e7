import { type Attributes, type Context, defaultTextMapGetter, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import type { TracingSetting } from "./tracing-setting.js";

/** A span of ours: the OpenTelemetry span, or nothing when tracing is off. */
export type TraceSpan = Span | undefined;

/**
 * OpenTelemetry tracing with explicit parents. Spans are passed along (request → app turn →
 * model call, tool call, retrieval, workflow node) rather than found in an async context, so
 * core stays free of tracing code: the server wraps the ports it hands to a turn. When tracing
 * is off every method is a cheap no-op and nothing is allocated per request.
 */
export class Tracing {
  private readonly tracer: Tracer | undefined;
  private readonly provider: BasicTracerProvider | undefined;
  private readonly propagator = new W3CTraceContextPropagator();

  constructor(setting: TracingSetting | undefined) {
    if (!setting) return;
    const exporter = new OTLPTraceExporter({ url: setting.endpoint, ...(setting.headers ? { headers: setting.headers } : {}) });
    this.provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ "service.name": setting.serviceName }),
      spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: setting.scheduledDelayMs })],
    });
    this.tracer = this.provider.getTracer("appstudio");
  }

  get enabled(): boolean {
    return this.tracer !== undefined;
  }

  /** The server span of an HTTP request, continuing the caller's trace when it sent `traceparent`. */
  startRequest(name: string, headers: Record<string, string | string[] | undefined>, attributes: Attributes): TraceSpan {
    if (!this.tracer) return undefined;
    const parent = this.propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
    return this.tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
  }

  /** A span below `parent` (none when tracing is off or the parent is unknown). */
  startChild(parent: TraceSpan, name: string, attributes: Attributes = {}, startTime?: Date): TraceSpan {
    if (!this.tracer || !parent) return undefined;
    return this.tracer.startSpan(name, { attributes, ...(startTime ? { startTime } : {}) }, contextOf(parent));
  }

  /** Flushes spans not yet exported and stops exporting. */
  async shutdown(): Promise<void> {
    await this.provider?.shutdown();
  }
}

/** Ends a span, marked as an error when `error` is given. */
export function endSpan(span: TraceSpan, error?: unknown, endTime?: Date): void {
  if (!span) return;
  if (error !== undefined) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  }
  span.end(endTime);
}

function contextOf(span: Span): Context {
  return trace.setSpan(ROOT_CONTEXT, span);
}
