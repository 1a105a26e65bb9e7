/** Where and how spans are exported; absent when tracing is off (the default). */
export interface TracingSetting {
  /** OTLP/HTTP traces URL, e.g. http://collector:4318/v1/traces. */
  endpoint: string;
  serviceName: string;
  /** Extra headers for the collector (OTEL_EXPORTER_OTLP_HEADERS / _TRACES_HEADERS: `k=v,k2=v2`). */
  headers?: Record<string, string>;
  /** How long finished spans wait to be sent in a batch (OTEL_BSP_SCHEDULE_DELAY). */
  scheduledDelayMs: number;
}

/**
 * Tracing follows OpenTelemetry's standard variables: on when an OTLP endpoint is named
 * (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as is, or OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces), off
 * when OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none.
 */
export function parseTracingSetting(env: NodeJS.ProcessEnv, problems: string[]): TracingSetting | undefined {
  if (env.OTEL_SDK_DISABLED === "true" || env.OTEL_TRACES_EXPORTER === "none") return undefined;
  const tracesEndpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const endpoint = tracesEndpoint || (base ? `${base.replace(/\/+$/, "")}/v1/traces` : undefined);
  if (!endpoint) return undefined;
  if (!/^https?:\/\/[^/]/.test(endpoint)) {
    problems.push(
      `tracing (${tracesEndpoint ? "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT" : "OTEL_EXPORTER_OTLP_ENDPOINT"}): expected an http(s) URL, got '${endpoint}'`,
    );
    return undefined;
  }
  const delay = Number(env.OTEL_BSP_SCHEDULE_DELAY ?? 5000);
  if (!Number.isInteger(delay) || delay < 1 || delay > 600_000) {
    problems.push(`tracing (OTEL_BSP_SCHEDULE_DELAY): expected a whole number of milliseconds from 1 to 600000, got '${env.OTEL_BSP_SCHEDULE_DELAY}'`);
  }
  const headers = parseHeaders(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS || env.OTEL_EXPORTER_OTLP_HEADERS);
  return {
    endpoint,
    serviceName: env.OTEL_SERVICE_NAME || "appstudio",
    ...(headers ? { headers } : {}),
    scheduledDelayMs: Number.isInteger(delay) && delay >= 1 ? delay : 5000,
  };
}

/** `k=v,k2=v2` with URL-encoded values, as the OpenTelemetry specification writes them. */
function parseHeaders(text: string | undefined): Record<string, string> | undefined {
  if (!text) return undefined;
  const headers: Record<string, string> = {};
  for (const pair of text.split(",")) {
    const at = pair.indexOf("=");
    if (at <= 0) continue;
    headers[pair.slice(0, at).trim()] = decodeURIComponent(pair.slice(at + 1).trim());
  }
  return headers;
}
