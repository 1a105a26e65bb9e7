import { describe, expect, it } from "vitest";
import type { App, AppVersion } from "../../apps/app-types.js";
import type { AppRepository } from "../../ports/repositories.js";
import { e, end, FakeHttp, FunctionModel, g, n, runGraph, START, stubSandbox, testDeps } from "../../testing/workflow-test-kit.js";

const chain = (node: ReturnType<typeof n>, template: string) => g([START, node, end(template)], [e("Start_0000", node.id), e(node.id, "End_0000")]);

describe("node types", () => {
  it("LLM: system and user templates, parameters, reasoning as its own output", async () => {
    const model = new FunctionModel(() => ({ text: "Hi!", reasoning: "think" }));
    const deps = testDeps({ models: model });
    const node = n("LLM_0001", {
      model: "qwen",
      systemPrompt: "You answer {{Start_0000.query}}",
      userPrompt: "Q: {{Start_0000.query}}",
      temperature: 0.3,
      maxTokens: 50,
    });
    const out = await runGraph(deps, chain(node, "{{LLM_0001.reasoningContent}}|{{LLM_0001.result}}"), { prompt: "ping" });
    expect(out.text).toBe("think|Hi!");
    expect(model.requests[0]).toMatchObject({
      model: "qwen",
      temperature: 0.3,
      maxTokens: 50,
      messages: [
        { role: "system", content: "You answer ping" },
        { role: "user", content: "Q: ping" },
      ],
    });
    const deltas = out.events
      .filter((ev) => ev.type === "node_delta" && ev.node.id === "LLM_0001")
      .map((ev) => (ev.type === "node_delta" ? `${ev.field}:${ev.delta}` : ""));
    expect(deltas).toEqual(["reasoningContent:think", "result:Hi", "result:!"]);
  });

  it("HTTP request: templated URL, query, headers and JSON body; the answer parsed", async () => {
    const http = new FakeHttp(() => ({ status: 201, body: '{"id": 7}' }));
    const deps = testDeps({ toolClient: http });
    const node = n("HttpRequest_0001", {
      method: "POST",
      url: "https://api.test/items/{{Start_0000.query}}",
      query: { q: "{{Start_0000.query}}" },
      headers: { authorization: "Bearer t-{{Start_0000.query}}" },
      bodyType: "json",
      body: '{"name": "{{Start_0000.query}}"}',
      timeoutMs: 1234,
    });
    const out = await runGraph(deps, chain(node, "{{HttpRequest_0001.status}} {{HttpRequest_0001.json.id}} {{HttpRequest_0001.body}}"), { prompt: "abc" });
    expect(out.text).toBe('201 7 {"id": 7}');
    expect(http.requests[0]).toMatchObject({
      method: "POST",
      url: "https://api.test/items/abc?q=abc",
      headers: { authorization: "Bearer t-abc", "content-type": "application/json" },
      body: '{"name": "abc"}',
      timeoutMs: 1234,
    });
  });

  it("HTTP request: refuses non-http URLs and reports broken JSON bodies as node errors", async () => {
    const deps = testDeps();
    const file = await runGraph(deps, chain(n("HttpRequest_0001", { url: "{{Start_0000.query}}" }), "x"), { prompt: "file:///etc/passwd" });
    expect(file.error?.message).toContain("refused to call a 'file:' URL");
    const body = await runGraph(
      deps,
      chain(n("HttpRequest_0001", { method: "POST", url: "http://a.test", bodyType: "json", body: '{"a": {{Start_0000.query}}}' }), "x"),
      { prompt: "not json" },
    );
    expect(body.error?.message).toContain("not valid JSON");
    const lenient = testDeps({ toolClient: new FakeHttp(() => ({ status: 404, body: "nope" })) });
    expect((await runGraph(lenient, chain(n("HttpRequest_0001", { url: "http://a.test", failOnHttpError: false }), "{{HttpRequest_0001.status}}"))).text).toBe(
      "404",
    );
  });

  it("Script: inputs go in as JSON, declared outputs are checked, sandbox failures become node errors", async () => {
    const calls: unknown[] = [];
    const sandbox = stubSandbox(async (req) => {
      calls.push({ code: req.code, inputs: req.inputs, timeoutMs: req.timeoutMs });
      if (req.code.includes("loop")) return { ok: false, kind: "timeout", message: "stopped after 100 ms", logs: [], durationMs: 100 };
      if (req.code.includes("wrong")) return { ok: true, output: { total: "ten" }, logs: [], durationMs: 1 };
      return { ok: true, output: { total: 10, extra: 1 }, logs: [], durationMs: 1 };
    });
    const deps = testDeps({ sandbox });
    const script = (code: string) =>
      n("Script_0001", {
        code,
        inputs: [
          { name: "q", value: "{{Start_0000.query}}" },
          { name: "n", value: 4 },
        ],
        outputs: [{ name: "total", type: "Number" }],
        timeoutMs: 100,
      });
    expect((await runGraph(deps, chain(script("function main(i){return {total:10}}"), "{{Script_0001.total}}"), { prompt: "x" })).text).toBe("10");
    expect(calls[0]).toEqual({ code: "function main(i){return {total:10}}", inputs: { q: "x", n: 4 }, timeoutMs: 100 });
    const loop = await runGraph(deps, chain(script("function main(){loop}"), "x"));
    expect(loop.error?.message).toContain("script timeout error: stopped after 100 ms");
    expect((await deps.runs.listNodeRuns(loop.runId)).find((r) => r.nodeId === "Script_0001")?.error?.code).toBe("Timeout");
    const wrong = await runGraph(deps, chain(script("function main(){wrong}"), "x"));
    expect(wrong.error?.message).toContain("output 'total' must be a Number");
  });

  it("Variable assignment: names values, keeps types of references", async () => {
    const deps = testDeps();
    const node = n("VariableAssignment_0001", {
      assignments: [
        { name: "copy", value: "{{Start_0000.imageList}}", type: "Array<File>" },
        { name: "greeting", value: "hi {{Start_0000.query}}", type: "String" },
        { name: "limit", value: 5, type: "Number" },
      ],
    });
    const out = await runGraph(deps, chain(node, "{{VariableAssignment_0001.greeting}} {{VariableAssignment_0001.limit}} {{VariableAssignment_0001.copy}}"), {
      prompt: "bob",
    });
    expect(out.text).toBe("hi bob 5 []");
  });

  it("Parameter extraction: typed fields from the model's JSON, required ones enforced", async () => {
    const model = new FunctionModel((_r, user) => ({
      text: user.includes("Paris") ? 'Sure! {"city": "Paris", "nights": "3", "breakfast": "true"}' : '{"city": null}',
    }));
    const deps = testDeps({ models: model });
    const node = n("ParameterExtraction_0001", {
      model: "m",
      input: "{{Start_0000.query}}",
      parameters: [
        { name: "city", type: "String", description: "destination" },
        { name: "nights", type: "Number", description: "how long" },
        { name: "breakfast", type: "Boolean", description: "wants breakfast", required: false },
      ],
    });
    const out = await runGraph(
      deps,
      chain(node, "{{ParameterExtraction_0001.city}}/{{ParameterExtraction_0001.nights}}/{{ParameterExtraction_0001.breakfast}}"),
      { prompt: "3 nights in Paris" },
    );
    expect(out.text).toBe("Paris/3/true");
    expect(model.requests[0]!.messages[0]!.content).toContain("- nights (Number, required): how long");
    const missing = await runGraph(deps, chain(node, "x"), { prompt: "somewhere" });
    expect(missing.error?.message).toContain("no value for required parameter 'city'");
  });

  it("App component: calls a published agent app of the same workspace and streams its answer", async () => {
    const ws = "ws-aaaaaaaaaaaaaaaa";
    const agent: App = {
      id: "b".repeat(32),
      workspaceId: ws,
      type: "agent",
      name: "helper",
      description: "",
      draft: { model: "m", instructions: "Hi ${who}", dialogRounds: 0, tools: [] },
      draftChanged: false,
      publishedVersion: 1,
      publishedAt: "",
      createdBy: "u",
      createdAt: "",
      updatedAt: "",
    };
    const other: App = { ...agent, id: "c".repeat(32), workspaceId: "ws-bbbbbbbbbbbbbbbb" };
    const flow: App = { ...agent, id: "d".repeat(32), type: "workflow" };
    const apps = new Map([agent, other, flow].map((a) => [a.id, a]));
    const repo = {
      findById: async (id: string) => apps.get(id),
      findVersion: async (id: string, version: number): Promise<AppVersion | undefined> => ({
        appId: id,
        version,
        config: apps.get(id)!.draft,
        note: "",
        publishedBy: "u",
        publishedAt: "",
      }),
    } as unknown as AppRepository;
    const model = new FunctionModel((req, user) => ({ text: `${req.messages[0]!.content as string} / ${user}` }));
    const deps = testDeps({ models: model, apps: repo });
    const call = (appId: string) => n("AppComponent_0001", { appId, prompt: "about {{Start_0000.query}}", promptParams: { who: "{{Start_0000.query}}" } });
    const out = await runGraph(deps, chain(call(agent.id), "{{AppComponent_0001.result}}"), { prompt: "cats" });
    expect(out.text).toBe("Hi cats / about cats");
    expect(out.events.some((ev) => ev.type === "node_delta" && ev.node.id === "AppComponent_0001")).toBe(true);
    expect((await runGraph(deps, chain(call(other.id), "x"))).error?.message).toContain("no app");
    expect((await runGraph(deps, chain(call(flow.id), "x"))).error?.message).toContain("is a workflow app");
  });
});
