import {
  type CallLogEntry,
  type ChatChunk,
  isAppError,
  type ModelProvider,
  type ModelRouter,
  passThrough,
  type RateLimiter,
  type Retriever,
  type ToolHttpClient,
  type WorkflowNodeRun,
  type WorkflowRunRepository,
} from "@appstudio/core";
import type { CallLog } from "../call-log/create-call-log.js";
import type { Metrics } from "./metrics.js";
import { endSpan, type TraceSpan, type Tracing } from "./tracing.js";

/*
 * Metrics and spans are taken at the ports a turn already goes through (model router, tool
 * client, retriever, workflow run store, call log, rate limiters), so core has no tracing or
 * metrics code. Without a parent span the wrappers only count.
 */

/** Refused before the app was known to the caller: the App ID in the URL is not trusted as a label. */
const UNTRUSTED_APP_STATUS = new Set([401, 403, 404]);

/** Counts every app call the call log records (ran or refused), by app, workspace, source and outcome. */
export function meteredCallLog(callLog: CallLog, metrics: Metrics): CallLog {
  const count = (entry: CallLogEntry) => {
    const trusted = !UNTRUSTED_APP_STATUS.has(entry.status);
    metrics.appCalls
      .labels(
        trusted && entry.appId ? metrics.apps.value(entry.appId) : "unknown",
        trusted && entry.workspaceId ? metrics.workspaces.value(entry.workspaceId) : "unknown",
        entry.source,
        entry.errorCode ?? "ok",
      )
      .inc();
  };
  return {
    ...callLog,
    record(entry) {
      count(entry);
      callLog.record(entry);
    },
    recordRefused(entry) {
      count(entry);
      callLog.recordRefused(entry);
    },
  };
}

/** Counts the hits a limiter refuses. */
export function countingLimiter(limiter: RateLimiter, name: string, metrics: Metrics): RateLimiter {
  const rejected = metrics.rateLimitRejections.labels(name);
  return {
    async hit(key) {
      const result = await limiter.hit(key);
      if (!result.allowed) rejected.inc();
      return result;
    },
    refund: (key) => limiter.refund(key),
    reset: (key) => limiter.reset(key),
  };
}

/** Model latency, time to first token and tokens by provider and model; a `model.call` span per call under `parent`. */
export function observedRouter(router: ModelRouter, metrics: Metrics, tracing: Tracing, parent: TraceSpan): ModelRouter {
  return {
    async resolve(modelId, ctx) {
      const resolved = await router.resolve(modelId, ctx);
      return { ...resolved, provider: observedProvider(resolved.provider, resolved.upstreamModel, metrics, tracing, parent) };
    },
  };
}

function observedProvider(provider: ModelProvider, model: string, metrics: Metrics, tracing: Tracing, parent: TraceSpan): ModelProvider {
  return {
    id: provider.id,
    stream: (req) => observeStream(provider.stream(req), provider.id, model, metrics, tracing, parent),
    listModels: (signal) => provider.listModels(signal),
    testConnection: (signal) => provider.testConnection(signal),
    ...(provider.embed ? { embed: provider.embed.bind(provider) } : {}),
    ...(provider.rerank ? { rerank: provider.rerank.bind(provider) } : {}),
  };
}

function observeStream(
  stream: AsyncIterable<ChatChunk>,
  providerId: string,
  model: string,
  metrics: Metrics,
  tracing: Tracing,
  parent: TraceSpan,
): AsyncIterable<ChatChunk> {
  const providerLabel = metrics.models.value(providerId);
  const modelLabel = metrics.models.value(model);
  // No parent: tracing is off, and no span attributes are built.
  const span = parent && tracing.startChild(parent, "model.call", { "gen_ai.system": providerId, "gen_ai.request.model": model });
  const started = performance.now();
  let waitingForFirst = true;
  // A consumer that stops reading (client gone, tool round over) ends it without an `end` chunk.
  let outcome = "cancelled";
  return passThrough(stream[Symbol.asyncIterator](), {
    each(chunk) {
      if (waitingForFirst && chunk.type !== "end") {
        waitingForFirst = false;
        metrics.modelFirstToken.labels(providerLabel, modelLabel).observe((performance.now() - started) / 1000);
        span?.addEvent("first_token");
      }
      if (chunk.type === "end") {
        outcome = "ok";
        metrics.modelTokens.labels(providerLabel, modelLabel, "in").inc(chunk.usage.inputTokens);
        metrics.modelTokens.labels(providerLabel, modelLabel, "out").inc(chunk.usage.outputTokens);
        span?.setAttributes({
          "gen_ai.usage.input_tokens": chunk.usage.inputTokens,
          "gen_ai.usage.output_tokens": chunk.usage.outputTokens,
          "gen_ai.response.finish_reasons": [chunk.finishReason],
        });
      }
      return chunk;
    },
    end(how) {
      const failure = how.kind === "failed" ? how.error : undefined;
      if (how.kind === "failed") outcome = isAppError(failure) ? failure.code : "error";
      metrics.modelDuration.labels(providerLabel, modelLabel, outcome).observe((performance.now() - started) / 1000);
      endSpan(span, failure);
    },
  });
}

/** A `tool.call` span per HTTP tool call (method and host only: paths and queries may carry user input). */
export function tracedToolClient(client: ToolHttpClient, tracing: Tracing, parent: TraceSpan): ToolHttpClient {
  return {
    async request(req) {
      const span = tracing.startChild(parent, "tool.call", { "http.request.method": req.method, "server.address": hostOf(req.url) });
      try {
        const response = await client.request(req);
        span?.setAttribute("http.response.status_code", response.status);
        endSpan(span);
        return response;
      } catch (e) {
        endSpan(span, e);
        throw e;
      }
    },
  };
}

/** A `knowledge.retrieve` span per retrieval. */
export function tracedRetriever(retriever: Retriever, tracing: Tracing, parent: TraceSpan): Retriever {
  return {
    async retrieve(query, signal) {
      const span = tracing.startChild(parent, "knowledge.retrieve");
      try {
        const hits = await retriever.retrieve(query, signal);
        span?.setAttribute("appstudio.retrieval.hits", hits.length);
        endSpan(span);
        return hits;
      } catch (e) {
        endSpan(span, e);
        throw e;
      }
    },
  };
}

const FINISHED = new Set(["succeeded", "failed", "skipped"]);

/**
 * Node durations by node type, and a `workflow.node` span per finished node (with the node's own
 * start and end times), taken from the records the engine stores anyway.
 */
export function observedWorkflowRuns(runs: WorkflowRunRepository, metrics: Metrics, tracing: Tracing, parent: TraceSpan): WorkflowRunRepository {
  const observe = (node: WorkflowNodeRun) => {
    if (!FINISHED.has(node.status) || node.durationMs === null) return;
    metrics.workflowNodeDuration.labels(metrics.nodeTypes.value(node.nodeType), node.status).observe(node.durationMs / 1000);
    if (!parent) return;
    const span = tracing.startChild(
      parent,
      "workflow.node",
      { "appstudio.node.id": node.nodeId, "appstudio.node.type": node.nodeType, "appstudio.node.status": node.status },
      new Date(node.startedAt),
    );
    endSpan(span, node.status === "failed" ? (node.error?.message ?? "failed") : undefined, node.finishedAt ? new Date(node.finishedAt) : undefined);
  };
  return {
    saveRun: (run) => runs.saveRun(run),
    saveNodeRun(nodeRun) {
      observe(nodeRun);
      return runs.saveNodeRun(nodeRun);
    },
    findRun: (id) => runs.findRun(id),
    listRuns: (query) => runs.listRuns(query),
    listNodeRuns: (runId) => runs.listNodeRuns(runId),
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "";
  }
}
