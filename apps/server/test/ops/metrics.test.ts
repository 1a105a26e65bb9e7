import { testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../../src/testing/index.js";
import { type DashScopeFixture, startDashScopeFixture } from "../support/dashscope-fixture.js";
import { manageClient, waitForIngestion } from "../support/ingestion.js";
import { createKnowledgeBase, uploadOne } from "../support/knowledge.js";
import { publishWorkflow, startLlmEnd } from "../support/workflow-fixture.js";
import { parsePrometheus, type Sample, sampleSum } from "./support/prometheus-text.js";

const TOKEN = "metrics-token-for-the-tests";
const PROMPT = "a prompt that must never reach a label";

describe.each(testDialects())("GET /metrics (%s)", (dialect) => {
  let fx: DashScopeFixture;
  let agentId: string;
  let key: string;
  const requestIds: string[] = [];

  beforeAll(async () => {
    fx = await startDashScopeFixture({ dialect, env: { APPSTUDIO_METRICS_TOKEN: TOKEN, APPSTUDIO_KEY_RPM: "3" } });
    agentId = await fx.publishAgent();
    key = (await fx.createKey()).secret;
  });
  afterAll(async () => {
    await fx?.close();
  });

  const scrape = async (): Promise<Sample[]> => {
    const res = await fetch(`${fx.server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const id of requestIds) expect(text).not.toContain(id);
    expect(text).not.toContain(PROMPT);
    return parsePrometheus(text);
  };
  const call = async (appId: string, secret: string, headers: Record<string, string> = {}) => {
    const res = await fx.complete(appId, secret, { input: { prompt: PROMPT } }, headers);
    requestIds.push(res.headers.get("x-request-id") ?? "");
    await res.text();
    return res.status;
  };

  it("refuses scrapes without the token", async () => {
    expect((await fetch(`${fx.server.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${fx.server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ code: "NotAuthenticated" });
  });

  it("counts requests by route pattern, app calls by app and outcome, and model calls by provider and model", async () => {
    const before = await scrape();
    expect(await call(agentId, key)).toBe(200);
    expect(await call(agentId, key, { "x-dashscope-sse": "enable" })).toBe(200);
    const after = await scrape();
    const moved = (name: string, labels: Record<string, string>) => sampleSum(after, name, labels) - sampleSum(before, name, labels);

    expect(moved("appstudio_http_requests_total", { route: "/api/v1/apps/:appId/completion", method: "POST", status: "200" })).toBe(2);
    expect(moved("appstudio_http_request_duration_seconds_count", { route: "/api/v1/apps/:appId/completion", method: "POST" })).toBe(2);
    expect(moved("appstudio_app_calls_total", { app_id: agentId, workspace_id: fx.workspaceId, source: "api", outcome: "ok" })).toBe(2);
    const model = { provider: "fake", model: "fake-model" };
    expect(moved("appstudio_model_request_duration_seconds_count", { ...model, outcome: "ok" })).toBe(2);
    expect(moved("appstudio_model_time_to_first_token_seconds_count", model)).toBe(2);
    expect(moved("appstudio_model_tokens_total", { ...model, direction: "in" })).toBeGreaterThan(0);
    expect(moved("appstudio_model_tokens_total", { ...model, direction: "out" })).toBeGreaterThan(0);
    // No URL ever becomes a label: only route patterns.
    expect(after.some((s) => s.labels.route?.includes(agentId))).toBe(false);
  });

  it("counts rate-limit rejections, and refused calls of unknown apps under 'unknown'", async () => {
    const limited = await fx.createKey();
    const before = await scrape();
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(await call(agentId, limited.secret));
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(await call("0123456789abcdef0123456789abcdef", key)).toBe(403);
    const after = await scrape();
    const moved = (name: string, labels: Record<string, string>) => sampleSum(after, name, labels) - sampleSum(before, name, labels);

    expect(moved("appstudio_rate_limit_rejections_total", { limiter: "key-rpm" })).toBe(1);
    expect(moved("appstudio_app_calls_total", { app_id: agentId, outcome: "Throttling.RateQuota" })).toBe(1);
    expect(moved("appstudio_app_calls_total", { app_id: "unknown", workspace_id: "unknown", outcome: "App.AccessDenied" })).toBe(1);
    expect(after.some((s) => s.labels.app_id === "0123456789abcdef0123456789abcdef")).toBe(false);
  });

  it("shows open SSE streams while they run", async () => {
    fx.model.script({ text: "one two three", chunks: 3, delayMs: 300 });
    const res = await fx.complete(agentId, (await fx.createKey()).secret, { input: { prompt: PROMPT } }, { "x-dashscope-sse": "enable" });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    expect(sampleSum(await scrape(), "appstudio_sse_streams_active")).toBe(1);
    while (!(await reader.read()).done) {
      // drain the stream
    }
    // The gauge drops when the response closes, right after its last byte.
    await new Promise((resolve) => setImmediate(resolve));
    expect(sampleSum(await scrape(), "appstudio_sse_streams_active")).toBe(0);
  });

  it("times workflow nodes by type and counts ingestion jobs by outcome", async () => {
    const workflowId = await publishWorkflow(fx, startLlmEnd());
    const kb = await createKnowledgeBase(fx.server, fx.workspaceId);
    const before = await scrape();
    expect(await call(workflowId, (await fx.createKey()).secret)).toBe(200);
    await uploadOne(fx.server, kb);
    await waitForIngestion(manageClient(fx.server.url, fx.server.adminToken), kb);
    const after = await scrape();
    const moved = (name: string, labels: Record<string, string>) => sampleSum(after, name, labels) - sampleSum(before, name, labels);

    for (const type of ["Start", "LLM", "End"]) {
      expect(moved("appstudio_workflow_node_duration_seconds_count", { node_type: type, status: "succeeded" })).toBe(1);
    }
    expect(moved("appstudio_ingestion_jobs_total", { outcome: "ready" })).toBe(1);
  });

  it("exports the process's own metrics, and the pool's on PostgreSQL", async () => {
    const samples = await scrape();
    const names = new Set(samples.map((s) => s.name));
    for (const name of ["process_cpu_user_seconds_total", "process_resident_memory_bytes", "nodejs_eventloop_lag_seconds", "nodejs_heap_size_used_bytes"]) {
      expect(names).toContain(name);
    }
    if (dialect === "postgres") {
      expect(sampleSum(samples, "appstudio_db_pool_connections", { state: "total" })).toBeGreaterThan(0);
      expect(names).toContain("appstudio_db_pool_connections");
    } else {
      expect(names).not.toContain("appstudio_db_pool_connections");
    }
  });
});

describe("GET /metrics without APPSTUDIO_METRICS_TOKEN", () => {
  it("is off: 404, saying how to turn it on", async () => {
    const server = await startTestServer();
    try {
      const res = await server.call("GET", "/metrics", { headers: { authorization: "Bearer anything-at-all-here" } });
      expect(res.status).toBe(404);
      expect(res.body.message).toContain("APPSTUDIO_METRICS_TOKEN");
    } finally {
      await server.close();
    }
  });
});
