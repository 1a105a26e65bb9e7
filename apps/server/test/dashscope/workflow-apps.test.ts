import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DashScopeFixture, parseSse, startDashScopeFixture } from "../support/dashscope-fixture.js";
import { type GraphSpec, publishWorkflow, startLlmEnd, toGraph } from "../support/workflow-fixture.js";

const SSE = { "X-DashScope-SSE": "enable" };

describe("workflow apps over the DashScope API", () => {
  let f: DashScopeFixture;
  let key: string;
  beforeAll(async () => {
    f = await startDashScopeFixture({ env: { APPSTUDIO_APP_RPM: "10000" } });
    key = (await f.createKey()).secret;
  });
  afterAll(() => f?.close());

  const dialogGraph = (): GraphSpec => {
    const g = startLlmEnd();
    g.kind = "dialog";
    g.nodes[1]!.config = { ...g.nodes[1]!.config, history: "{{Start_iEca.historyList}}", historyRounds: 5 };
    return g;
  };
  const lastMessages = () => f.model.requests.at(-1)!.body.messages!.map((m) => `${m.role}:${m.content}`);

  it("task workflows are single-shot: session_id and messages bring no history", async () => {
    const id = await publishWorkflow(f, startLlmEnd());
    const first = await (await f.complete(id, key, { input: { prompt: "one" } })).json();
    expect(first.output.text).toBe("Echo: one");
    const second = await (await f.complete(id, key, { input: { prompt: "two", session_id: first.output.session_id } })).json();
    expect(lastMessages()).toEqual(["user:two"]);
    expect(second.output.session_id).not.toBe(first.output.session_id);
  });

  it("dialog workflows keep history through session_id, and take caller messages instead", async () => {
    const id = await publishWorkflow(f, dialogGraph());
    const first = await (await f.complete(id, key, { input: { prompt: "one" } })).json();
    const second = await (await f.complete(id, key, { input: { prompt: "two", session_id: first.output.session_id } })).json();
    expect(second.output.session_id).toBe(first.output.session_id);
    expect(lastMessages()).toEqual(["user:one", "assistant:Echo: one", "user:two"]);
    await f.complete(id, key, {
      input: {
        messages: [
          { role: "user", content: "a" },
          { role: "assistant", content: "b" },
          { role: "user", content: "c" },
        ],
        session_id: first.output.session_id,
      },
    });
    expect(lastMessages()).toEqual(["user:a", "assistant:b", "user:c"]);
  });

  it("validates Start variables from biz_params with a field-named 400, also when streaming", async () => {
    const id = await publishWorkflow(f, {
      nodes: [
        {
          id: "Start_aaaa",
          config: {
            variables: [
              { name: "city", type: "String" },
              { name: "days", type: "Number" },
            ],
          },
        },
        { id: "End_aaaa", config: { mode: "text", template: "{{Start_aaaa.city}} x{{Start_aaaa.days}}", stream: true } },
      ],
      edges: [{ source: "Start_aaaa", target: "End_aaaa" }],
    });
    const ok = await (await f.complete(id, key, { input: { prompt: "go", biz_params: { city: "Hangzhou", days: 2 } } })).json();
    expect(ok.output.text).toBe("Hangzhou x2");
    for (const headers of [{}, SSE]) {
      const res = await f.complete(id, key, { input: { prompt: "go", biz_params: { days: "2" } } }, headers);
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.code).toBe("InvalidParameter");
      expect(body.message).toContain("input.biz_params.city");
      expect(body.message).toContain("input.biz_params.days must be a Number, not a String");
    }
  });

  it("an unpublished workflow answers 400 FlowNotPublished", async () => {
    const created = await f.server.call("POST", "/manage/v1/apps", {
      token: f.server.adminToken,
      body: { workspaceId: f.workspaceId, type: "workflow", name: "never-published" },
    });
    const res = await f.complete(created.body.id, key, { input: { prompt: "x" } }, SSE);
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe("FlowNotPublished");
  });

  it("a node failure mid-stream ends the stream with one event:error naming the node", async () => {
    const id = await publishWorkflow(f, startLlmEnd());
    f.model.script({ status: 500, errorMessage: "upstream exploded" });
    const events = parseSse(await (await f.complete(id, key, { input: { prompt: "x" }, parameters: { flow_stream_mode: "message_format_plus" } }, SSE)).text());
    const last = events.at(-1)!;
    expect(last.event).toBe("error");
    expect(last.data.message).toContain("Node LLM_NPem ('大模型1') failed");
    expect(events.at(-2)!.data.output.workflow_message).toMatchObject({ node_id: "LLM_NPem", node_status: "failed", node_is_completed: true });
  });

  it("records each run and node run, readable through the management API and linked to the call log", async () => {
    const id = await publishWorkflow(f, startLlmEnd());
    f.model.script({ text: "recorded answer", usage: { promptTokens: 3, completionTokens: 4 } });
    const res = await f.complete(id, key, { input: { prompt: "remember me" } });
    const requestId = res.headers.get("x-request-id")!;
    expect((await res.json()).output.text).toBe("recorded answer");

    const list = await f.server.call("GET", `/manage/v1/apps/${id}/runs`, { token: f.server.adminToken });
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    const run = list.body.items[0];
    expect(run).toMatchObject({
      requestId,
      appId: id,
      appVersion: 1,
      source: "api",
      status: "succeeded",
      inputs: { query: "remember me" },
      outputs: { text: "recorded answer" },
      inputTokens: 3,
      outputTokens: 4,
    });
    expect((await f.server.call("GET", `/manage/v1/apps/${id}/runs?requestId=${requestId}`, { token: f.server.adminToken })).body.items).toHaveLength(1);

    const detail = await f.server.call("GET", `/manage/v1/runs/${run.id}`, { token: f.server.adminToken });
    expect(detail.status).toBe(200);
    expect(detail.body.nodeRuns.map((n: { nodeId: string; status: string }) => `${n.nodeId}:${n.status}`)).toEqual([
      "Start_iEca:succeeded",
      "LLM_NPem:succeeded",
      "End_pmAh:succeeded",
    ]);
    expect(detail.body.nodeRuns[1]).toMatchObject({
      nodeType: "LLM",
      nodeName: "大模型1",
      inputs: { userPrompt: "remember me" },
      outputs: { result: "recorded answer" },
      model: "fake-model",
      inputTokens: 3,
      outputTokens: 4,
      attempts: 1,
    });

    await f.server.container.callLog.flush();
    const logged = await f.server.call("GET", `/manage/v1/call-logs/${requestId}`, { token: f.server.adminToken });
    expect(logged.body).toMatchObject({ requestId, appId: id, answer: "recorded answer", inputTokens: 3, outputTokens: 4 });

    expect((await f.server.call("GET", "/manage/v1/runs/no-such-run", { token: f.server.adminToken })).status).toBe(404);
  });

  it("runs scripts in the sandbox; an escape attempt fails its node and leaves the server unharmed", async () => {
    const script = (code: string): GraphSpec => ({
      nodes: [
        { id: "Start_sss0", config: { variables: [] } },
        {
          id: "Script_sss1",
          name: "code",
          config: { code, inputs: [{ name: "q", value: "{{Start_sss0.query}}" }], outputs: [{ name: "out", type: "String" }], timeoutMs: 300 },
        },
        { id: "End_sss2", config: { mode: "text", template: "{{Script_sss1.out}}", stream: true } },
      ],
      edges: [
        { source: "Start_sss0", target: "Script_sss1" },
        { source: "Script_sss1", target: "End_sss2" },
      ],
    });
    const good = await publishWorkflow(f, script("function main({ q }) { return { out: q.split('').reverse().join('') } }"));
    expect((await (await f.complete(good, key, { input: { prompt: "abc" } })).json()).output.text).toBe("cba");
    for (const code of [
      "function main() { return { out: String(process.env) } }",
      "function main() { return { out: (function(){}).constructor('return require')()('fs').readFileSync('/etc/passwd', 'utf8') } }",
      "function main() { while (true) {} }",
      "function main() { const a = []; for (;;) a.push('x'.repeat(1 << 16)); }",
      "function main() { Object.prototype.out = 'polluted'; return JSON.parse('{\"__proto__\": {\"out\": 1}}') }",
      "function main() { return { out: 'x'.repeat(2000000) } }",
    ]) {
      const bad = await publishWorkflow(f, script(code));
      const res = await f.complete(bad, key, { input: { prompt: "x" } });
      expect(res.status, code).toBe(500);
      const body = await res.json();
      expect(body.code).toBe("AppProcessFailed");
      expect(body.message).toMatch(/^Node Script_sss1 \('code'\) failed: (script \w+ error|main\(\) returned no 'out')/);
    }
    expect((await fetch(`${f.server.url}/healthz`)).status).toBe(200);
    expect(({} as Record<string, unknown>).out).toBeUndefined();
    expect((await (await f.complete(good, key, { input: { prompt: "still fine" } })).json()).output.text).toBe("enif llits");
  });

  it("runs a draft workflow from the console test-run and records it as a console run", async () => {
    const created = await f.server.call("POST", "/manage/v1/apps", {
      token: f.server.adminToken,
      body: { workspaceId: f.workspaceId, type: "workflow", name: "draft-flow", config: toGraph(startLlmEnd()) },
    });
    const res = await f.server.call("POST", `/manage/v1/apps/${created.body.id}/test-run`, {
      token: f.server.adminToken,
      body: { input: { prompt: "draft" } },
    });
    expect(res.status).toBe(200);
    expect(res.body.output.text).toBe("Echo: draft");
    const runs = await f.server.call("GET", `/manage/v1/apps/${created.body.id}/runs`, { token: f.server.adminToken });
    expect(runs.body.items[0]).toMatchObject({ source: "console", appVersion: null, status: "succeeded" });
    const spec = startLlmEnd();
    spec.nodes[1]!.config = { model: "fake-model", userPrompt: "{{Start_iEca.nope}}" };
    const broken = await f.server.call("PATCH", `/manage/v1/apps/${created.body.id}`, { token: f.server.adminToken, body: { config: toGraph(spec) } });
    expect(broken.status).toBe(200);
    const refused = await f.server.call("POST", `/manage/v1/apps/${created.body.id}/test-run`, {
      token: f.server.adminToken,
      body: { input: { prompt: "draft" } },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain("LLM_NPem");
  });
});
