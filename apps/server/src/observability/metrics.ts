import type { DatabaseHandle } from "@appstudio/storage";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { LabelGuard } from "./label-guard.js";
import { openStreamCount } from "./open-streams.js";

/** Seconds: from a fast lookup to a long streamed answer. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
/** Seconds to a model's first token: mostly under a few seconds. */
const FIRST_TOKEN_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32];

/**
 * Every metric the server exports, in its own registry (several servers may share a process
 * in tests). Labels are route patterns, codes and IDs of things that exist, never request IDs or
 * free text; values that come from callers go through a `LabelGuard`.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests = this.counter("appstudio_http_requests_total", "HTTP requests answered, by route pattern, method and status.", [
    "route",
    "method",
    "status",
  ]);
  readonly httpDuration = this.histogram(
    "appstudio_http_request_duration_seconds",
    "Time from a request's arrival to the end of its response (streams included), by route pattern and method.",
    ["route", "method"],
    DURATION_BUCKETS,
  );
  readonly appCalls = this.counter(
    "appstudio_app_calls_total",
    "App calls (app API, OpenAI-compatible API, console test runs) by app, workspace, source and outcome (ok or the error code).",
    ["app_id", "workspace_id", "source", "outcome"],
  );
  readonly modelDuration = this.histogram(
    "appstudio_model_request_duration_seconds",
    "Chat calls to model providers, from request to the last chunk, by provider, model and outcome.",
    ["provider", "model", "outcome"],
    DURATION_BUCKETS,
  );
  readonly modelFirstToken = this.histogram(
    "appstudio_model_time_to_first_token_seconds",
    "Time from a chat call to its first text, reasoning or tool-call chunk, by provider and model.",
    ["provider", "model"],
    FIRST_TOKEN_BUCKETS,
  );
  readonly modelTokens = this.counter(
    "appstudio_model_tokens_total",
    "Tokens reported by model providers, by provider, model and direction (in: prompt, out: completion).",
    ["provider", "model", "direction"],
  );
  readonly rateLimitRejections = this.counter(
    "appstudio_rate_limit_rejections_total",
    "Requests refused by a rate limit, by limiter (app-rpm, key-rpm, login-pair, login-ip, login).",
    ["limiter"],
  );
  readonly ingestionJobs = this.counter(
    "appstudio_ingestion_jobs_total",
    "Knowledge document ingestion attempts run by this process, by outcome (done, failed).",
    ["outcome"],
  );
  readonly workflowNodeDuration = this.histogram(
    "appstudio_workflow_node_duration_seconds",
    "Workflow node runs, by node type and status (succeeded, failed, ...).",
    ["node_type", "status"],
    DURATION_BUCKETS,
  );

  /** Caps for label values that callers can influence. */
  readonly apps = new LabelGuard(2000);
  readonly workspaces = new LabelGuard(1000);
  readonly models = new LabelGuard(200);
  readonly nodeTypes = new LabelGuard(100);

  // Used by the field initialisers above; `registry` is declared first, so it exists by then.
  private counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  private histogram<L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]): Histogram<L> {
    return new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }

  constructor(database: Pick<DatabaseHandle, "poolStats">) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: "appstudio_sse_streams_active",
      help: "Server-sent event streams open right now (app API and OpenAI-compatible streams).",
      registers: [this.registry],
      collect() {
        this.set(openStreamCount());
      },
    });
    const poolStats = database.poolStats;
    if (poolStats) {
      new Gauge({
        name: "appstudio_db_pool_connections",
        help: "PostgreSQL pool connections by state: total (open), idle, waiting (queries queued for a connection).",
        labelNames: ["state"] as const,
        registers: [this.registry],
        collect() {
          const stats = poolStats();
          this.set({ state: "total" }, stats.total);
          this.set({ state: "idle" }, stats.idle);
          this.set({ state: "waiting" }, stats.waiting);
        },
      });
    }
  }
}
