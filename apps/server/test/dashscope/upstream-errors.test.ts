import { request } from "node:http";
import { type FakeModelServer, startFakeModelServer } from "@appstudio/core/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestServer, type TestServer } from "../../src/testing/index.js";
import { parseSse } from "../support/dashscope-fixture.js";
import { toGraph } from "../support/workflow-fixture.js";

/** The fields of a pino line these tests read. */
interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  req?: { url?: string };
  res?: { statusCode?: number };
  errorCode?: string;
  diagnostic?: string;
}

const SECRET = "sk-upstream-SECRET-7f3a internal-gw.corp:8443 stack at /srv/vllm/server.py";
const SSE = { "X-DashScope-SSE": "enable" };

/**
 * What a model provider's failure tells an API-key caller (the documented message, Retry-After
 * on 429) and what stays in the server log (the upstream's answer, its name and address).
 */
describe("upstream errors", () => {
  let model: FakeModelServer;
  let deadUrl: string;
  let server: TestServer;
  let key: string;
  let agent: string;
  let deadAgent: string;
  let workflow: string;
  let workspaceId: string;
  const lines: LogLine[] = [];

  beforeAll(async () => {
    model = await startFakeModelServer();
    const dead = await startFakeModelServer();
    deadUrl = dead.url;
    await dead.close();
    const providers = [
      { name: "corp-gpu-cluster", baseUrl: model.url, models: ["fake-model"] },
      { name: "corp-offline-box", baseUrl: deadUrl, models: ["offline-model"] },
    ];
    server = await startTestServer({
      env: { APPSTUDIO_PROVIDERS: JSON.stringify(providers) },
      log: { level: "debug", stream: { write: (line) => void lines.push(JSON.parse(line)) } },
    });
    const token = server.adminToken;
    workspaceId = (await server.call("GET", "/manage/v1/workspaces", { token })).body.items[0].id;
    const publish = async (type: "agent" | "workflow", name: string, config: unknown) => {
      const created = await server.call("POST", "/manage/v1/apps", { token, body: { workspaceId, type, name, config } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect((await server.call("POST", `/manage/v1/apps/${created.body.id}/publish`, { token, body: {} })).status).toBe(200);
      return created.body.id as string;
    };
    agent = await publish("agent", "agent", { model: "fake-model", instructions: "hi", dialogRounds: 0, tools: [] });
    deadAgent = await publish("agent", "offline", { model: "offline-model", instructions: "hi", dialogRounds: 0, tools: [] });
    workflow = await publish(
      "workflow",
      "flow",
      toGraph({
        nodes: [
          { id: "Start_up01", config: { variables: [] } },
          { id: "LLM_up01", name: "大模型1", config: { model: "fake-model", userPrompt: "{{Start_up01.query}}" } },
          { id: "End_up01", config: { mode: "text", template: "{{LLM_up01.result}}", stream: true } },
        ],
        edges: [
          { source: "Start_up01", target: "LLM_up01" },
          { source: "LLM_up01", target: "End_up01" },
        ],
      }),
    );
    key = (await server.call("POST", "/manage/v1/api-keys", { token, body: { workspaceId } })).body.secret;
  });
  afterAll(async () => {
    await server?.close();
    await model?.close();
  });

  const call = (appId: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/v1/apps/${appId}/completion`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
      body: JSON.stringify({ input: { prompt: "hi" } }),
    });
  const logOf = (requestId: string | null) => lines.filter((l) => l.reqId === requestId);
  /** Nothing of the upstream's answer, its name or its address reaches the caller. */
  const expectNothingLeaked = (text: string) => {
    for (const leak of ["SECRET", "corp-gpu", "corp-offline", "internal-gw", "127.0.0.1", "ECONNREFUSED", deadUrl]) expect(text).not.toContain(leak);
  };

  it("passes the model's Retry-After on 429, for JSON and before a stream starts", async () => {
    for (const headers of [{}, SSE]) {
      model.script({ status: 429, errorMessage: SECRET, errorHeaders: { "retry-after": "7" } });
      const res = await call(agent, headers);
      expect(res.status).toBe(429);
      expect(res.headers.get("retry-after")).toBe("7");
      expect(res.headers.get("content-type")).toContain("application/json");
      const text = await res.text();
      expect(JSON.parse(text)).toMatchObject({ code: "Throttling.RateQuota", message: "Requests rate limit exceeded, please try again later." });
      expectNothingLeaked(text);
    }
  });

  it("answers an upstream 500 with the documented message; the log has the upstream's answer under the request ID, at warn", async () => {
    model.script({ status: 500, errorMessage: SECRET });
    const res = await call(agent);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ code: "ModelServiceFailed", message: "Failed to request model service.", request_id: res.headers.get("x-request-id") });
    expectNothingLeaked(text);
    const logged = logOf(res.headers.get("x-request-id")).filter((l) => l.diagnostic);
    expect(logged).toEqual([expect.objectContaining({ level: 40, errorCode: "ModelServiceFailed", diagnostic: expect.stringContaining(SECRET) })]);
    expect(logged[0]?.diagnostic).toContain("corp-gpu-cluster");
  });

  it("never sends a refused connection's address", async () => {
    for (const headers of [{}, SSE]) {
      const res = await call(deadAgent, headers);
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toMatchObject({ code: "ModelServiceFailed", message: "Failed to request model service." });
      expectNothingLeaked(text);
      const [logged] = logOf(res.headers.get("x-request-id")).filter((l) => l.diagnostic);
      expect(logged?.diagnostic).toMatch(/cannot connect to model provider 'corp-offline-box'.*ECONNREFUSED 127\.0\.0\.1/);
    }
  });

  it("keeps the upstream's words out of a mid-stream event:error and out of a workflow's error", async () => {
    model.script({ text: "one two three four", chunks: 4, delayMs: 30, dropAfterFrames: 3 });
    const streamed = await call(agent, SSE);
    expect(streamed.status).toBe(200);
    const last = parseSse(await streamed.text()).at(-1);
    expect(last?.event).toBe("error");
    expect(last?.data).toMatchObject({ code: "ModelServiceFailed", message: "Failed to request model service." });
    expect(logOf(streamed.headers.get("x-request-id")).some((l) => l.level === 40 && /failed mid-response/.test(l.diagnostic ?? ""))).toBe(true);

    model.script({ status: 503, errorMessage: SECRET });
    const res = await call(workflow);
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(JSON.parse(text)).toMatchObject({
      code: "ModelServiceFailed",
      message: "Node LLM_up01 ('大模型1') failed: model 'fake-model' failed: Failed to request model service.",
    });
    expectNothingLeaked(text);
    expect(logOf(res.headers.get("x-request-id")).some((l) => l.level === 40 && l.diagnostic?.includes(SECRET))).toBe(true);
  });

  it("shows members running the app from the console what is behind the message", async () => {
    model.script({ status: 500, errorMessage: "upstream says: model is loading" });
    const res = await server.call("POST", `/manage/v1/apps/${agent}/test-run`, { token: server.adminToken, body: { input: { prompt: "hi" } } });
    expect(res.status).toBe(500);
    expect(res.body.message).toBe("Failed to request model service. (model provider 'corp-gpu-cluster' answered HTTP 500: upstream says: model is loading)");
  });

  it("records a JSON client that disconnects before the answer as 499, without an error-level line", async () => {
    model.script({ firstByteDelayMs: 10_000 });
    const seen = model.requests.length;
    // A raw socket, closed by hand: what a client that gives up does.
    const req = request(`${server.url}/api/v1/apps/${agent}/completion`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    });
    req.on("error", () => undefined);
    req.end(JSON.stringify({ input: { prompt: "hi" } }));
    await vi.waitFor(() => expect(model.requests.length).toBeGreaterThan(seen), { timeout: 5000 });
    // The incoming line is at debug (request-log.ts), which this server logs.
    const requestId = lines.findLast((l) => l.msg === "incoming request" && l.req?.url === `/api/v1/apps/${agent}/completion`)?.reqId as string;
    req.destroy();
    await model.waitForAbort(5000);
    await vi.waitFor(async () => {
      await server.container.callLog.flush();
      expect(await server.container.core.repos.callLogs.find(requestId)).toMatchObject({ status: 499, errorCode: "ClientClosedRequest" });
    });
    const logged = logOf(requestId);
    expect(logged.filter((l) => l.level >= 50)).toEqual([]);
    expect(logged).toContainEqual(expect.objectContaining({ level: 30, res: { statusCode: 499 } }));
  });
});
