import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DashScopeFixture, startDashScopeFixture } from "../support/dashscope-fixture.js";
import { createKnowledgeBase } from "../support/knowledge.js";
import { publishWorkflow, startLlmEnd } from "../support/workflow-fixture.js";
import { eventually } from "./support/eventually.js";
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from "./support/otlp-receiver.js";

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN_ID = "00f067aa0ba902b7";

/** Spans reach an OTLP/HTTP collector (a fake one on 127.0.0.1) when OTEL_EXPORTER_OTLP_ENDPOINT names it. */
describe("OpenTelemetry tracing", () => {
  let collector: OtlpReceiver;
  let fx: DashScopeFixture;
  let key: string;

  beforeAll(async () => {
    collector = await startOtlpReceiver();
    fx = await startDashScopeFixture({
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_BSP_SCHEDULE_DELAY: "20", OTEL_SERVICE_NAME: "appstudio-under-test" },
    });
    key = (await fx.createKey()).secret;
  });
  afterAll(async () => {
    await fx?.close();
    await collector?.close();
  });

  /** Waits until the trace has a span of every name in `names` (spans are exported in batches). */
  const traceOf = async (traceId: string, names: string[]): Promise<ReceivedSpan[]> =>
    eventually(
      async () => collector.spans.filter((s) => s.traceId === traceId),
      (spans) => names.every((name) => spans.some((s) => s.name === name)),
      10_000,
    );
  const only = (spans: ReceivedSpan[], name: string) => {
    const found = spans.filter((s) => s.name === name);
    expect(found).toHaveLength(1);
    return found[0] as ReceivedSpan;
  };

  it("continues the caller's traceparent: route → app turn → retrieval and model call, with the request ID", async () => {
    const kb = await createKnowledgeBase(fx.server, fx.workspaceId);
    const appId = await fx.publishAgent();
    const res = await fx.complete(
      appId,
      key,
      { input: { prompt: "hello" }, parameters: { rag_options: { pipeline_ids: [kb] } } },
      { traceparent: `00-${TRACE_ID}-${CALLER_SPAN_ID}-01` },
    );
    expect(res.status).toBe(200);
    await res.text();
    const requestId = res.headers.get("x-request-id");

    const spans = await traceOf(TRACE_ID, ["POST /api/v1/apps/:appId/completion", "app.turn", "model.call", "knowledge.retrieve"]);
    const route = only(spans, "POST /api/v1/apps/:appId/completion");
    expect(route.parentSpanId).toBe(CALLER_SPAN_ID);
    expect(route.attributes).toMatchObject({
      "http.request.method": "POST",
      "http.route": "/api/v1/apps/:appId/completion",
      "http.response.status_code": 200,
      "appstudio.request_id": requestId,
    });
    const turn = only(spans, "app.turn");
    expect(turn.parentSpanId).toBe(route.spanId);
    expect(turn.attributes).toMatchObject({ "appstudio.app.id": appId, "appstudio.workspace.id": fx.workspaceId, "appstudio.request_id": requestId });
    const model = only(spans, "model.call");
    expect(model.parentSpanId).toBe(turn.spanId);
    expect(model.attributes).toMatchObject({ "gen_ai.system": "fake", "gen_ai.request.model": "fake-model" });
    expect(model.attributes["gen_ai.usage.output_tokens"]).toBeGreaterThan(0);
    expect(only(spans, "knowledge.retrieve").parentSpanId).toBe(turn.spanId);
  });

  it("starts a new trace without traceparent and has a span per workflow node", async () => {
    const appId = await publishWorkflow(fx, startLlmEnd());
    const res = await fx.complete(appId, key, { input: { prompt: "hello" } });
    expect(res.status).toBe(200);
    await res.text();
    const requestId = res.headers.get("x-request-id");

    const turn = (await eventually(
      async () => collector.spans.find((s) => s.name === "app.turn" && s.attributes["appstudio.request_id"] === requestId),
      (span) => span !== undefined,
      10_000,
    )) as ReceivedSpan;
    expect(turn.traceId).not.toBe(TRACE_ID);
    const spans = await traceOf(turn.traceId, ["workflow.node", "model.call"]);
    const nodes = await eventually(
      async () => collector.spans.filter((s) => s.traceId === turn.traceId && s.name === "workflow.node"),
      (found) => found.length === 3,
      10_000,
    );
    expect(nodes.map((n) => n.attributes["appstudio.node.type"]).sort()).toEqual(["End", "LLM", "Start"]);
    for (const node of nodes) {
      expect(node.parentSpanId).toBe(turn.spanId);
      expect(node.attributes["appstudio.node.status"]).toBe("succeeded");
    }
    expect(only(spans, "model.call").parentSpanId).toBe(turn.spanId);
  });

  it("marks failed calls: a 5xx route span and a failed model call", async () => {
    fx.model.script({ status: 500, errorMessage: "upstream broke" });
    const appId = await fx.publishAgent();
    const res = await fx.complete(appId, key, { input: { prompt: "hello" } }, { traceparent: `00-${"ab".repeat(16)}-${CALLER_SPAN_ID}-01` });
    expect(res.status).toBe(500);
    await res.text();
    const spans = await traceOf("ab".repeat(16), ["POST /api/v1/apps/:appId/completion", "app.turn", "model.call"]);
    const ERROR = 2;
    expect(only(spans, "POST /api/v1/apps/:appId/completion").status.code).toBe(ERROR);
    expect(only(spans, "app.turn").status).toMatchObject({ code: ERROR, message: "ModelServiceFailed" });
    expect(only(spans, "model.call").status.code).toBe(ERROR);
  });
});
