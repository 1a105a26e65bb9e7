import { SpanStatusCode } from "@opentelemetry/api";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Observability } from "./observability.js";
import type { TraceSpan } from "./tracing.js";

const requestSpans = new WeakMap<FastifyRequest, NonNullable<TraceSpan>>();

/** The server span of a request (undefined when tracing is off): the parent of its app turn. */
export const requestSpan = (request: FastifyRequest): TraceSpan => requestSpans.get(request);

/** A response that closed before its headers went out: the client left (nginx's 499). */
const CLIENT_CLOSED = "499";

/**
 * Counts every request by route pattern (never the URL), method and status, and opens its server
 * span. Both end on the response's `close`, which also fires for hijacked SSE responses (no
 * `onResponse` there) and for clients that leave early.
 */
export function observeHttp(app: FastifyInstance, { metrics, tracing }: Observability): void {
  app.addHook("onRequest", (request, reply, done) => {
    const route = request.routeOptions.url ?? "unmatched";
    const method = request.method;
    // Checked first so that with tracing off not even the attributes are built.
    const span = tracing.enabled
      ? tracing.startRequest(`${method} ${route}`, request.headers, {
          "http.request.method": method,
          "http.route": route,
          "url.path": request.url.split("?")[0] ?? "",
          "appstudio.request_id": request.id,
        })
      : undefined;
    if (span) requestSpans.set(request, span);
    reply.raw.once("close", () => {
      const status = reply.raw.headersSent ? String(reply.raw.statusCode) : CLIENT_CLOSED;
      metrics.httpRequests.labels(route, method, status).inc();
      metrics.httpDuration.labels(route, method).observe(reply.elapsedTime / 1000);
      if (span) {
        span.setAttribute("http.response.status_code", Number(status));
        // OpenTelemetry's HTTP server rule: only 5xx marks the span as failed.
        if (status.startsWith("5")) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      }
    });
    done();
  });
}
