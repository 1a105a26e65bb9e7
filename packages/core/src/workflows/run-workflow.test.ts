import { describe, expect, it, onTestFinished, vi } from "vitest";

import { e, end, FunctionModel, g, n, runGraph, START, settledWithin, testDeps, trace } from "../testing/workflow-test-kit.js";

const llm = (id = "LLM_0001", extra: Record<string, unknown> = {}) => n(id, { model: "m", userPrompt: "{{Start_0000.query}}", ...extra }, "Answer");

describe("startWorkflowRun", () => {
  it("runs Start → Text conversion → End and records the run and every node run", async () => {
    const deps = testDeps();
    const start = n("Start_0000", {
      variables: [
        { name: "city", type: "String" },
        { name: "days", type: "Number", required: false, default: 2 },
      ],
    });
    const text = n("TextConversion_0001", { template: "{{Start_0000.city}} for {{Start_0000.days}} days: {{Start_0000.query}}" });
    const graph = g([start, text, end("[{{TextConversion_0001.result}}]")], [e("Start_0000", "TextConversion_0001"), e("TextConversion_0001", "End_0000")]);
    const out = await runGraph(deps, graph, { prompt: "plan", bizParams: { city: "Paris" } });
    expect(out.error).toBeUndefined();
    expect(out.text).toBe("[Paris for 2 days: plan]");
    expect(trace(out.events)).toEqual([
      "start:Start_0000",
      "succeeded:Start_0000",
      "start:TextConversion_0001",
      "start:End_0000",
      "delta:End_0000:[",
      "succeeded:TextConversion_0001",
      "delta:End_0000:Paris for 2 days: plan",
      "delta:End_0000:]",
      "succeeded:End_0000",
      "done",
    ]);
    const run = await deps.runs.findRun(out.runId);
    expect(run).toMatchObject({
      status: "succeeded",
      requestId: "req-1",
      inputs: { query: "plan", city: "Paris", days: 2 },
      outputs: { text: "[Paris for 2 days: plan]" },
    });
    const nodeRuns = await deps.runs.listNodeRuns(out.runId);
    expect(nodeRuns.map((r) => [r.nodeId, r.status])).toEqual([
      ["Start_0000", "succeeded"],
      ["TextConversion_0001", "succeeded"],
      ["End_0000", "succeeded"],
    ]);
    expect(nodeRuns[1]!.inputs).toEqual({ template: "Paris for 2 days: plan" });
    // Nothing here waited on I/O: the run and its node runs were stored once each, finished (one
    // transaction on a SQL store), before the answer.
    expect(deps.runs.writes.map((w) => `${w.kind}:${w.status}`)).toEqual(["run:succeeded", ...Array(3).fill("node:succeeded")]);
  });

  it("records a run as it happens: a node waiting on its model is stored as running, then as finished", async () => {
    vi.useFakeTimers();
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const deps = testDeps({ models: new FunctionModel(() => ({ text: "late", delayMs: 2_000 })) });
    const graph = g([START, llm(), end("{{LLM_0001.result}}")], [e("Start_0000", "LLM_0001"), e("LLM_0001", "End_0000")]);
    const run = runGraph(deps, graph);
    expect(await settledWithin(run, 1_000)).toBeUndefined();
    const storedWhileRunning = deps.runs.writes.map((w) => `${w.kind}:${w.id === "LLM_0001" ? "llm" : w.id.length > 20 ? "run" : w.id}:${w.status}`);
    expect(storedWhileRunning).toEqual(expect.arrayContaining(["run:run:running", "node:llm:running"]));
    const out = await settledWithin(run, 1_000);
    expect(out?.text).toBe("late");
    const llmWrites = deps.runs.writes.filter((w) => w.id === "LLM_0001").map((w) => w.status);
    expect(llmWrites).toEqual(["running", "succeeded"]);
    expect(deps.runs.writes[0]).toMatchObject({ kind: "run", status: "running" });
    expect(deps.runs.writes.at(-1)).toMatchObject({ kind: "run", status: "succeeded" });
  });

  it("refuses missing or mistyped Start variables with a field-named InvalidParameter before running", async () => {
    const deps = testDeps();
    const start = n("Start_0000", {
      variables: [
        { name: "city", type: "String" },
        { name: "n", type: "Number" },
        { name: "tags", type: "Array<String>" },
      ],
    });
    const graph = g([start, end("{{Start_0000.city}}")], [e("Start_0000", "End_0000")]);
    const out = await runGraph(deps, graph, { bizParams: { n: "3", tags: ["a", 1] } }).catch((err) => ({ error: err }));
    expect(out.error?.code).toBe("InvalidParameter");
    expect(out.error?.details?.fields).toEqual([
      { field: "input.biz_params.city", message: expect.stringContaining("is required") },
      { field: "input.biz_params.n", message: "must be a Number, not a String" },
      { field: "input.biz_params.tags", message: "must be a Array<String>, not an Array" },
    ]);
    expect(deps.runs.runs.size).toBe(0);
  });

  it("streams an LLM answer through the End node while the LLM is still generating", async () => {
    const model = new FunctionModel(() => ({ text: "abcdef", chunks: 3 }));
    const deps = testDeps({ models: model });
    const graph = g([START, llm(), end("A: {{LLM_0001.result}}!")], [e("Start_0000", "LLM_0001"), e("LLM_0001", "End_0000")]);
    const out = await runGraph(deps, graph);
    expect(out.text).toBe("A: abcdef!");
    const t = trace(out.events);
    // End deltas interleave with the LLM's: the answer streams before the LLM node is done.
    expect(t.indexOf("delta:End_0000:ab")).toBeLessThan(t.indexOf("succeeded:LLM_0001"));
    expect(t.filter((x) => x.startsWith("delta:End_0000"))).toEqual([
      "delta:End_0000:A: ",
      "delta:End_0000:ab",
      "delta:End_0000:cd",
      "delta:End_0000:ef",
      "delta:End_0000:!",
    ]);
    const done = out.events.at(-1)!;
    expect(done).toMatchObject({ type: "done", usage: [{ modelId: "m", inputTokens: 10, outputTokens: 5 }] });
    const llmRun = (await deps.runs.listNodeRuns(out.runId)).find((r) => r.nodeId === "LLM_0001");
    expect(llmRun).toMatchObject({ status: "succeeded", model: "m", inputTokens: 10, outputTokens: 5, outputs: { result: "abcdef", reasoningContent: "" } });
  });

  it("answers at once with a non-streaming End and in JSON mode", async () => {
    const deps = testDeps();
    const graph = g(
      [START, llm(), n("End_0000", { mode: "text", template: "{{LLM_0001.result}}", stream: false })],
      [e("Start_0000", "LLM_0001"), e("LLM_0001", "End_0000")],
    );
    const out = await runGraph(deps, graph, { prompt: "q" });
    expect(out.text).toBe("Echo: q");
    expect(out.events.filter((ev) => ev.type === "node_delta" && ev.node.id === "End_0000")).toEqual([]);
    const json = g(
      [
        START,
        llm(),
        n("End_0000", {
          mode: "json",
          outputs: [
            { name: "answer", value: "{{LLM_0001.result}}" },
            { name: "q", value: "{{Start_0000.query}}" },
          ],
        }),
      ],
      [e("Start_0000", "LLM_0001"), e("LLM_0001", "End_0000")],
    );
    expect((await runGraph(deps, json, { prompt: "q" })).text).toBe('{"answer":"Echo: q","q":"q"}');
  });

  it("passes the dialog history to an LLM that reads historyList", async () => {
    const model = new FunctionModel();
    const deps = testDeps({ models: model });
    const graph = g(
      [START, llm("LLM_0001", { history: "{{Start_0000.historyList}}", historyRounds: 1, systemPrompt: "Be brief." }), end("{{LLM_0001.result}}")],
      [e("Start_0000", "LLM_0001"), e("LLM_0001", "End_0000")],
      "dialog",
    );
    const history = [
      { role: "user" as const, content: "old" },
      { role: "assistant" as const, content: "x" },
      { role: "user" as const, content: "recent" },
      { role: "assistant" as const, content: "y" },
    ];
    await runGraph(deps, graph, { prompt: "now", history });
    expect(model.requests[0]!.messages).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "recent" },
      { role: "assistant", content: "y" },
      { role: "user", content: "now" },
    ]);
  });

  it("stops every node when the caller aborts, and records the run as failed", async () => {
    const model = new FunctionModel(() => ({ text: "slow", delayMs: 5_000 }));
    const deps = testDeps({ models: model });
    const controller = new AbortController();
    const graph = g([START, llm(), end("{{LLM_0001.result}}")], [e("Start_0000", "LLM_0001"), e("LLM_0001", "End_0000")]);
    vi.useFakeTimers();
    onTestFinished(() => {
      vi.useRealTimers();
    });
    setTimeout(() => controller.abort(new Error("client gone")), 50);
    // Ended right after the abort at 50 ms, not after the model's 5 s.
    const out = await settledWithin(runGraph(deps, graph, { signal: controller.signal }), 60);
    expect(out?.error).toBeDefined();
    await vi.advanceTimersByTimeAsync(10);
    expect(model.active).toBe(0);
    expect((await deps.runs.findRun(out?.runId ?? ""))?.status).toBe("failed");
  });

  it("refuses to run an invalid graph, naming the node and field", async () => {
    const graph = g(
      [START, n("LLM_0001", { model: "m", userPrompt: "{{Start_0000.nope}}" }), end("x")],
      [e("Start_0000", "LLM_0001"), e("LLM_0001", "End_0000")],
    );
    const out = await runGraph(testDeps(), graph).catch((err) => ({ error: err }));
    expect(out.error?.code).toBe("InvalidParameter");
    expect(out.error?.details?.fields[0]).toEqual({ field: "config.nodes[1].config.userPrompt", message: expect.stringContaining("LLM_0001") });
  });
});
