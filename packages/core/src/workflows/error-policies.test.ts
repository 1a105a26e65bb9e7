import { describe, expect, it, onTestFinished, vi } from "vitest";
import { AppError } from "../errors.js";
import { e, end, FakeHttp, FunctionModel, g, n, runGraph, START, settledWithin, testDeps, trace } from "../testing/workflow-test-kit.js";

const http = (extra: Record<string, unknown> = {}) => n("HttpRequest_0001", { url: "http://api.test/x", ...extra }, "Fetch");
const flaky = (failures: number) => {
  let calls = 0;
  return new FakeHttp(() => (++calls <= failures ? { status: 503, body: "busy" } : { status: 200, body: '{"ok":true}' }));
};

describe("error policies, retries and timeouts", () => {
  it("fail (default): the run fails with AppProcessFailed naming the node, and is recorded as failed", async () => {
    const deps = testDeps({ toolClient: flaky(99) });
    const out = await runGraph(
      deps,
      g([START, http(), end("{{HttpRequest_0001.body}}")], [e("Start_0000", "HttpRequest_0001"), e("HttpRequest_0001", "End_0000")]),
    );
    expect(out.error?.code).toBe("AppProcessFailed");
    expect(out.error?.message).toBe("Node HttpRequest_0001 ('Fetch') failed: GET api.test/x answered HTTP 503: busy");
    expect(out.error?.details).toMatchObject({ nodeId: "HttpRequest_0001", nodeErrorCode: "HttpError" });
    expect(out.finished.HttpRequest_0001).toBe("failed");
    expect(await deps.runs.findRun(out.runId)).toMatchObject({ status: "failed", error: { code: "HttpError" } });
  });

  it("keeps a provider's error code when a model node fails the run", async () => {
    const deps = testDeps({ models: new FunctionModel(() => ({ error: new AppError("Throttling.RateQuota", "slow down") })) });
    const out = await runGraph(
      deps,
      g([START, n("LLM_0001", { model: "m", userPrompt: "x" }), end("{{LLM_0001.result}}")], [e("Start_0000", "LLM_0001"), e("LLM_0001", "End_0000")]),
    );
    expect(out.error?.code).toBe("Throttling.RateQuota");
  });

  it("default: uses the default outputs plus errorCode / errorMessage, and goes on", async () => {
    const deps = testDeps({ toolClient: flaky(99) });
    const node = http({ onError: "default", defaultOutputs: { body: "fallback" } });
    const out = await runGraph(
      deps,
      g(
        [START, node, end("{{HttpRequest_0001.body}}/{{HttpRequest_0001.status}}/{{HttpRequest_0001.errorCode}}")],
        [e("Start_0000", "HttpRequest_0001"), e("HttpRequest_0001", "End_0000")],
      ),
    );
    expect(out.error).toBeUndefined();
    expect(out.text).toBe("fallback//HttpError");
    expect(out.finished.HttpRequest_0001).toBe("failed");
  });

  it("branch: follows only the error edge when the node fails, only the others when it succeeds", async () => {
    const graph = (client: FakeHttp) => ({
      deps: testDeps({ toolClient: client }),
      graph: g(
        [
          START,
          http({ onError: "branch" }),
          n("TextConversion_000a", { template: "ok {{HttpRequest_0001.json.ok}}" }),
          n("TextConversion_000b", { template: "sorry: {{HttpRequest_0001.errorMessage}}" }),
          end("{{TextConversion_000a.result}}{{TextConversion_000b.result}}"),
        ],
        [
          e("Start_0000", "HttpRequest_0001"),
          e("HttpRequest_0001", "TextConversion_000a"),
          e("HttpRequest_0001", "TextConversion_000b", "error"),
          e("TextConversion_000a", "End_0000"),
          e("TextConversion_000b", "End_0000"),
        ],
      ),
    });
    const bad = graph(flaky(99));
    const failed = await runGraph(bad.deps, bad.graph);
    expect(failed.text).toBe("sorry: GET api.test/x answered HTTP 503: busy");
    expect(trace(failed.events)).not.toContain("start:TextConversion_000a");
    const good = graph(flaky(0));
    expect((await runGraph(good.deps, good.graph)).text).toBe("ok true");
  });

  it("retries a failing node and records the attempts", async () => {
    const deps = testDeps({ toolClient: flaky(2) });
    const out = await runGraph(
      deps,
      g(
        [START, http({ retries: 2, retryDelayMs: 5 }), end("{{HttpRequest_0001.json.ok}}")],
        [e("Start_0000", "HttpRequest_0001"), e("HttpRequest_0001", "End_0000")],
      ),
    );
    expect(out.text).toBe("true");
    const record = (await deps.runs.listNodeRuns(out.runId)).find((r) => r.nodeId === "HttpRequest_0001");
    expect(record).toMatchObject({ status: "succeeded", attempts: 3 });
    const exhausted = testDeps({ toolClient: flaky(3) });
    const out2 = await runGraph(
      exhausted,
      g([START, http({ retries: 2 }), end("x")], [e("Start_0000", "HttpRequest_0001"), e("HttpRequest_0001", "End_0000")]),
    );
    expect(out2.error?.code).toBe("AppProcessFailed");
    expect((await exhausted.runs.listNodeRuns(out2.runId)).find((r) => r.nodeId === "HttpRequest_0001")).toMatchObject({ status: "failed", attempts: 3 });
  });

  it("a retried LLM streams only the successful attempt", async () => {
    let calls = 0;
    const model = new FunctionModel(() => (++calls === 1 ? { text: "", error: new Error("connection reset") } : { text: "good answer" }));
    const deps = testDeps({ models: model });
    const out = await runGraph(
      deps,
      g(
        [START, n("LLM_0001", { model: "m", userPrompt: "q", retries: 1 }), end("{{LLM_0001.result}}")],
        [e("Start_0000", "LLM_0001"), e("LLM_0001", "End_0000")],
      ),
    );
    expect(out.text).toBe("good answer");
    const deltas = out.events.filter((ev) => ev.type === "node_delta" && ev.node.id === "LLM_0001").map((ev) => (ev.type === "node_delta" ? ev.delta : ""));
    expect(deltas.join("")).toBe("good answer");
  });

  it("times a node out, aborting its work", async () => {
    const model = new FunctionModel(() => ({ text: "late", delayMs: 2_000 }));
    const deps = testDeps({ models: model });
    vi.useFakeTimers();
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const run = runGraph(
      deps,
      g(
        [
          START,
          n("LLM_0001", { model: "m", userPrompt: "q", timeoutMs: 50, onError: "default", defaultOutputs: { result: "too slow" } }),
          end("{{LLM_0001.result}}"),
        ],
        [e("Start_0000", "LLM_0001"), e("LLM_0001", "End_0000")],
      ),
    );
    // Finished once the 50 ms timeout passed, long before the model's 2 s.
    expect(await settledWithin(run, 40)).toBeUndefined();
    const out = await settledWithin(run, 60);
    expect(out?.text).toBe("too slow");
    const record = (await deps.runs.listNodeRuns(out?.runId ?? "")).find((r) => r.nodeId === "LLM_0001");
    expect(record?.error).toEqual({ code: "Timeout", message: "no result within 50 ms" });
    expect(model.active).toBe(0);
  });

  it("a failure elsewhere stops parallel nodes still running", async () => {
    const model = new FunctionModel(() => ({ text: "slow", delayMs: 3_000 }));
    const deps = testDeps({ models: model, toolClient: flaky(99) });
    vi.useFakeTimers();
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const out = await settledWithin(
      runGraph(
        deps,
        g(
          [START, http(), n("LLM_0001", { model: "m", userPrompt: "q" }), end("{{LLM_0001.result}}{{HttpRequest_0001.body}}")],
          [e("Start_0000", "HttpRequest_0001"), e("Start_0000", "LLM_0001"), e("HttpRequest_0001", "End_0000"), e("LLM_0001", "End_0000")],
        ),
      ),
      1_000,
    );
    // Failed without waiting for the model's 3 s, and the model call was stopped.
    expect(out?.error?.code).toBe("AppProcessFailed");
    expect(model.active).toBe(0);
  });
});
