import cluster, { type Worker } from "node:cluster";
import { randomUUID } from "node:crypto";
import { AggregatorRegistry, type PrometheusContentType, type Registry } from "prom-client";

/**
 * With `serve --workers N`, a scrape of /metrics reaches one worker, chosen by the cluster. So a
 * worker asks the primary, which gathers every worker's registry (prom-client's
 * AggregatorRegistry: counters and histograms summed, gauges summed or per-process as each
 * metric says) and answers the sum: one scrape sees the whole server.
 */
const METRICS_REQUEST = "appstudio:metrics";
const METRICS_REPLY = "appstudio:metrics-reply";

/** How long a worker waits for the primary's sum before answering with its own registry. */
const PRIMARY_TIMEOUT_MS = 5_000;

interface MetricsReply {
  type: typeof METRICS_REPLY;
  id: string;
  text?: string;
  error?: string;
}

/**
 * In a worker, at start: lets the primary collect this registry. (prom-client answers the
 * primary's requests once an AggregatorRegistry exists in the process, from the registries named.)
 */
export function shareMetricsWithPrimary(registry: Registry): void {
  if (!cluster.isWorker) return;
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
}

/** The Prometheus text to serve: the whole cluster's from a worker, this process's otherwise. */
export function metricsText(registry: Registry): Promise<string> {
  if (!cluster.isWorker || !process.send) return registry.metrics();
  return askPrimary().catch(() => registry.metrics());
}

function askPrimary(): Promise<string> {
  const id = randomUUID();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error("the primary did not answer")), PRIMARY_TIMEOUT_MS);
    const onMessage = (message: MetricsReply) => {
      if (message?.type !== METRICS_REPLY || message.id !== id) return;
      finish(message.error !== undefined ? new Error(message.error) : undefined, message.text);
    };
    function finish(error?: Error, text?: string) {
      clearTimeout(timer);
      process.off("message", onMessage);
      if (error || text === undefined) reject(error ?? new Error("no metrics"));
      else resolve(text);
    }
    process.on("message", onMessage);
    process.send?.({ type: METRICS_REQUEST, id });
  });
}

let aggregator: AggregatorRegistry<PrometheusContentType> | undefined;

/** In the primary: answers a worker's request for the cluster's metrics. */
export function answerMetricsRequests(worker: Worker): void {
  worker.on("message", (message: { type?: string; id?: string }) => {
    if (message?.type !== METRICS_REQUEST || typeof message.id !== "string") return;
    const { id } = message;
    aggregator ??= new AggregatorRegistry();
    aggregator.clusterMetrics().then(
      (text: string) => worker.isConnected() && worker.send({ type: METRICS_REPLY, id, text } satisfies MetricsReply),
      (e: unknown) => worker.isConnected() && worker.send({ type: METRICS_REPLY, id, error: String(e) } satisfies MetricsReply),
    );
  });
}
