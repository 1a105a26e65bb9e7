import { describe, expect, it, onTestFinished, vi } from "vitest";
import { e, end, FakeHttp, FunctionModel, g, n, runGraph, START, settledWithin, sleep, testDeps, trace } from "../testing/workflow-test-kit.js";

const condition = (id = "Condition_0001") =>
  n(id, {
    branches: [
      {
        id: "big",
        logic: "and",
        conditions: [
          { left: "{{Start_0000.amount}}", operator: "gt", right: "100" },
          { left: "{{Start_0000.vip}}", operator: "isTrue" },
        ],
      },
      {
        id: "mid",
        logic: "or",
        conditions: [
          { left: "{{Start_0000.amount}}", operator: "gte", right: "50" },
          { left: "{{Start_0000.query}}", operator: "contains", right: "urgent" },
        ],
      },
    ],
  });
const text = (id: string, template: string) => n(id, { template });
const start = n("Start_0000", {
  variables: [
    { name: "amount", type: "Number" },
    { name: "vip", type: "Boolean" },
  ],
});

describe("branches, fan-outs and joins", () => {
  const graph = g(
    [
      start,
      condition(),
      text("TextConversion_000a", "BIG"),
      text("TextConversion_000b", "MID"),
      text("TextConversion_000c", "SMALL"),
      end("{{TextConversion_000a.result}}{{TextConversion_000b.result}}{{TextConversion_000c.result}}"),
    ],
    [
      e("Start_0000", "Condition_0001"),
      e("Condition_0001", "TextConversion_000a", "big"),
      e("Condition_0001", "TextConversion_000b", "mid"),
      e("Condition_0001", "TextConversion_000c", "else"),
      e("TextConversion_000a", "End_0000"),
      e("TextConversion_000b", "End_0000"),
      e("TextConversion_000c", "End_0000"),
    ],
  );

  it("takes the first matching branch (and / or groups, typed comparisons) and skips the others", async () => {
    const deps = testDeps();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ amount: 150, vip: true }, "hi", "BIG"],
      [{ amount: 150, vip: false }, "hi", "MID"],
      [{ amount: 10, vip: false }, "urgent please", "MID"],
      [{ amount: 10, vip: true }, "hi", "SMALL"],
    ];
    for (const [bizParams, prompt, expected] of cases) {
      const out = await runGraph(deps, graph, { bizParams, prompt });
      expect(out.text, JSON.stringify(bizParams)).toBe(expected);
    }
    const last = await runGraph(deps, graph, { bizParams: { amount: 150, vip: true } });
    const nodeRuns = await deps.runs.listNodeRuns(last.runId);
    expect(nodeRuns.find((r) => r.nodeId === "Condition_0001")).toMatchObject({ status: "succeeded", branch: "big", outputs: { branch: "big" } });
    expect(
      nodeRuns
        .filter((r) => r.status === "skipped")
        .map((r) => r.nodeId)
        .sort(),
    ).toEqual(["TextConversion_000b", "TextConversion_000c"]);
    // Skipped nodes produce no events.
    expect(trace(last.events).some((t) => t.includes("000b"))).toBe(false);
  });

  it("runs a fan-out concurrently and joins before a node with several inputs", async () => {
    const model = new FunctionModel((_req, user) => ({ text: user.toUpperCase(), delayMs: 150 }));
    const deps = testDeps({ models: model });
    const llm = (id: string, prompt: string) => n(id, { model: "m", userPrompt: prompt });
    const graph2 = g(
      [
        START,
        llm("LLM_000a", "left"),
        llm("LLM_000b", "right"),
        llm("LLM_000c", "mid"),
        text("TextConversion_0001", "{{LLM_000a.result}}+{{LLM_000b.result}}+{{LLM_000c.result}}"),
        end("{{TextConversion_0001.result}}"),
      ],
      [
        e("Start_0000", "LLM_000a"),
        e("Start_0000", "LLM_000b"),
        e("Start_0000", "LLM_000c"),
        e("LLM_000a", "TextConversion_0001"),
        e("LLM_000b", "TextConversion_0001"),
        e("LLM_000c", "TextConversion_0001"),
        e("TextConversion_0001", "End_0000"),
      ],
    );
    vi.useFakeTimers();
    onTestFinished(() => {
      vi.useRealTimers();
    });
    // Three 150 ms calls done within 150 ms of clock: concurrently, not one after another.
    const out = await settledWithin(runGraph(deps, graph2), 150);
    expect(out?.text).toBe("LEFT+RIGHT+MID");
    expect(model.maxActive).toBe(3);
    const t = trace(out?.events ?? []);
    const joinStart = t.indexOf("start:TextConversion_0001");
    for (const id of ["LLM_000a", "LLM_000b", "LLM_000c"]) expect(t.indexOf(`succeeded:${id}`)).toBeLessThan(joinStart);
  });

  it("routes by an intent the model picks, with else for anything else", async () => {
    const model = new FunctionModel((_r, user) => ({ text: user.includes("money") ? '```json\n{"intent": "refund"}\n```' : "no idea" }));
    const deps = testDeps({ models: model });
    const intent = n("IntentClassification_0001", {
      model: "m",
      query: "{{Start_0000.query}}",
      intents: [
        { id: "refund", description: "wants money back" },
        { id: "shipping", description: "asks about delivery" },
      ],
    });
    const graph2 = g(
      [
        START,
        intent,
        text("TextConversion_000a", "R"),
        text("TextConversion_000b", "S"),
        text("TextConversion_000c", "E"),
        end("{{IntentClassification_0001.intent}}:{{TextConversion_000a.result}}{{TextConversion_000b.result}}{{TextConversion_000c.result}}"),
      ],
      [
        e("Start_0000", "IntentClassification_0001"),
        e("IntentClassification_0001", "TextConversion_000a", "refund"),
        e("IntentClassification_0001", "TextConversion_000b", "shipping"),
        e("IntentClassification_0001", "TextConversion_000c", "else"),
        e("TextConversion_000a", "End_0000"),
        e("TextConversion_000b", "End_0000"),
        e("TextConversion_000c", "End_0000"),
      ],
    );
    expect((await runGraph(deps, graph2, { prompt: "give my money back" })).text).toBe("refund:R");
    expect((await runGraph(deps, graph2, { prompt: "hello" })).text).toBe("else:E");
    expect(model.requests[0]!.messages[0]!.content).toContain("refund: wants money back");
  });

  it("skips everything below an untaken branch, but still runs End", async () => {
    const deps = testDeps();
    const cond = n("Condition_0001", { branches: [{ id: "yes", conditions: [{ left: "{{Start_0000.query}}", operator: "equals", right: "go" }] }] });
    const graph2 = g(
      [START, cond, text("TextConversion_000a", "A"), text("TextConversion_000b", "B{{TextConversion_000a.result}}"), end("[{{TextConversion_000b.result}}]")],
      [
        e("Start_0000", "Condition_0001"),
        e("Condition_0001", "TextConversion_000a", "yes"),
        e("TextConversion_000a", "TextConversion_000b"),
        e("TextConversion_000b", "End_0000"),
      ],
    );
    expect((await runGraph(deps, graph2, { prompt: "go" })).text).toBe("[BA]");
    const out = await runGraph(deps, graph2, { prompt: "stop" });
    expect(out.text).toBe("[]");
    expect((await deps.runs.listNodeRuns(out.runId)).filter((r) => r.status === "skipped").map((r) => r.nodeId)).toEqual([
      "TextConversion_000a",
      "TextConversion_000b",
    ]);
  });

  it("iterates over an array with a concurrency limit, keeping item order", async () => {
    const http = new FakeHttp(async (req) => {
      const item = new URL(req.url).searchParams.get("item");
      await sleep(item === "a" ? 60 : 20);
      return { status: 200, body: JSON.stringify({ upper: item?.toUpperCase() }) };
    });
    let active = 0;
    let maxActive = 0;
    const counting = {
      request: async (req: Parameters<FakeHttp["request"]>[0]) => {
        active++;
        maxActive = Math.max(maxActive, active);
        try {
          return await http.request(req);
        } finally {
          active--;
        }
      },
    };
    const deps = testDeps({ toolClient: counting });
    const start2 = n("Start_0000", { variables: [{ name: "items", type: "Array<String>" }] });
    const iteration = n("Iteration_0001", {
      items: "{{Start_0000.items}}",
      concurrency: 2,
      body: {
        nodes: [
          n("HttpRequest_0b01", { url: "http://api.test/up", query: { item: "{{Iteration_0001.item}}" } }),
          n("TextConversion_0b02", { template: "{{Iteration_0001.index}}={{HttpRequest_0b01.json.upper}}" }),
        ],
        edges: [e("HttpRequest_0b01", "TextConversion_0b02")],
      },
      output: "{{TextConversion_0b02.result}}",
    });
    const graph2 = g([start2, iteration, end("{{Iteration_0001.results}}")], [e("Start_0000", "Iteration_0001"), e("Iteration_0001", "End_0000")]);
    const out = await runGraph(deps, graph2, { bizParams: { items: ["a", "b", "c", "d", "e"] } });
    expect(out.error).toBeUndefined();
    expect(out.text).toBe('["0=A","1=B","2=C","3=D","4=E"]');
    expect(maxActive).toBe(2);
    const nodeRuns = await deps.runs.listNodeRuns(out.runId);
    const inner = nodeRuns.filter((r) => r.parentNodeId === "Iteration_0001");
    expect(inner).toHaveLength(10);
    expect(
      inner
        .filter((r) => r.nodeId === "TextConversion_0b02")
        .map((r) => r.iterationIndex)
        .sort(),
    ).toEqual([0, 1, 2, 3, 4]);
    // Body nodes are recorded, not streamed.
    expect(trace(out.events).some((t) => t.includes("_0b0"))).toBe(false);
  });

  it("fails an Iteration when an item fails, naming the item and node", async () => {
    const deps = testDeps({ toolClient: new FakeHttp((req) => (req.url.includes("bad") ? { status: 500, body: "boom" } : { status: 200, body: "{}" })) });
    const start2 = n("Start_0000", { variables: [{ name: "items", type: "Array<String>" }] });
    const iteration = n("Iteration_0001", {
      items: "{{Start_0000.items}}",
      body: { nodes: [n("HttpRequest_0b01", { url: "http://api.test/{{Iteration_0001.item}}" })], edges: [] },
      output: "{{HttpRequest_0b01.status}}",
    });
    const out = await runGraph(
      deps,
      g([start2, iteration, end("{{Iteration_0001.results}}")], [e("Start_0000", "Iteration_0001"), e("Iteration_0001", "End_0000")]),
      { bizParams: { items: ["ok", "bad", "ok2"] } },
    );
    expect(out.error?.code).toBe("AppProcessFailed");
    expect(out.error?.message).toMatch(/Iteration_0001.*item 1: node HttpRequest_0b01.*HTTP 500/);
  });
});
