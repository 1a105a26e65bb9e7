import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { Container } from "../../container.js";
import { checkReadiness } from "../../dependencies/readiness.js";
import { metricsText, shareMetricsWithPrimary } from "../../observability/cluster-metrics.js";

/**
 * Endpoints for operators, outside the documented APIs:
 * - `/healthz`: the process is alive and answering (no dependency is asked: a database outage
 *   must not make an orchestrator restart every process);
 * - `/readyz`: this process can serve (database, migrations, Redis, not shutting down): 200 or 503;
 * - `/metrics`: Prometheus text, only with `Authorization: Bearer $APPSTUDIO_METRICS_TOKEN`
 *   (404 when no token is configured, 401 with a wrong one).
 */
export function opsRoutes(app: FastifyInstance, container: Container): void {
  app.get("/healthz", { schema: { hide: true } }, async () => ({ status: "ok" }));

  app.get("/readyz", { schema: { hide: true } }, async (request, reply) => {
    const readiness = await checkReadiness(container, (err, check) => request.log.warn({ err, check }, "readiness check failed"));
    reply.header("cache-control", "no-store");
    return reply.status(readiness.ready ? 200 : 503).send({ status: readiness.ready ? "ready" : "not_ready", checks: readiness.checks });
  });

  const token = container.config.metricsToken;
  if (token) shareMetricsWithPrimary(container.observability.metrics.registry);
  const expected = token ? Buffer.from(`Bearer ${token}`) : undefined;
  app.get("/metrics", { schema: { hide: true } }, async (request, reply) => {
    if (!expected) {
      return reply.status(404).send({ code: "NotFound", message: "Metrics are off: set APPSTUDIO_METRICS_TOKEN to turn them on.", request_id: request.id });
    }
    const given = Buffer.from(request.headers.authorization ?? "");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return reply
        .status(401)
        .header("www-authenticate", "Bearer")
        .send({ code: "NotAuthenticated", message: "GET /metrics needs Authorization: Bearer <APPSTUDIO_METRICS_TOKEN>.", request_id: request.id });
    }
    const { registry } = container.observability.metrics;
    return reply
      .header("cache-control", "no-store")
      .type(registry.contentType)
      .send(await metricsText(registry));
  });
}
