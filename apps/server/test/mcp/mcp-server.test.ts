import { testDialects } from "@appstudio/storage/testing";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkspace, uniqueName } from "../support/accounts.js";
import { type DashScopeFixture, startDashScopeFixture } from "../support/dashscope-fixture.js";
import { fetchWithHost } from "../support/host-fetch.js";
import { rawRequest } from "../support/raw-http.js";
import { toGraph } from "../support/workflow-fixture.js";

const KEY_RPM = 40;

/** An MCP client of the official SDK on the app API's MCP endpoint; `host` reaches a dedicated host. */
async function connect(f: DashScopeFixture, key: string, options: { headers?: Record<string, string>; host?: string } = {}): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(`${f.server.url}/api/v1/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${key}`, ...options.headers } },
    ...(options.host ? { fetch: fetchWithHost(options.host) } : {}),
  });
  const client = new Client({ name: "appstudio-tests", version: "1.0.0" });
  await client.connect(transport);
  return client;
}

const textOf = (result: unknown) => ((result as CallToolResult).content[0] as { text: string }).text;
const structured = (result: unknown) => (result as CallToolResult).structuredContent as Record<string, any>;

describe.each(testDialects())("MCP server: published apps as tools (%s)", (dialect) => {
  let f: DashScopeFixture;
  let otherWs: string;
  let agentId: string;
  let workflowId: string;
  let draftId: string;
  let otherAppId: string;
  let key: string;

  async function publish(workspaceId: string, type: "agent" | "workflow", name: string, config: Record<string, unknown>, description = ""): Promise<string> {
    const created = await f.server.call("POST", "/manage/v1/apps", { token: f.server.adminToken, body: { workspaceId, type, name, description, config } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const published = await f.server.call("POST", `/manage/v1/apps/${created.body.id}/publish`, { token: f.server.adminToken, body: {} });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    return created.body.id;
  }

  const agentConfig = (instructions = "You are helpful.") => ({ model: "fake-model", instructions, dialogRounds: 3, tools: [] });

  beforeAll(async () => {
    f = await startDashScopeFixture({ dialect, env: { APPSTUDIO_KEY_RPM: String(KEY_RPM) } });
    otherWs = await createWorkspace(f.server);
    agentId = await publish(f.workspaceId, "agent", "Travel helper", agentConfig("Help ${user_name} plan a trip to ${city}."), "Plans trips.");
    workflowId = await publish(
      f.workspaceId,
      "workflow",
      "Summary flow",
      toGraph({
        nodes: [
          { id: "Start_iEca", config: { variables: [{ name: "tone", type: "String", required: true, description: "How to write" }] } },
          { id: "LLM_NPem", config: { model: "fake-model", userPrompt: "{{Start_iEca.query}} ({{Start_iEca.tone}})" } },
          { id: "End_pmAh", config: { mode: "text", template: "{{LLM_NPem.result}}", stream: true } },
        ],
        edges: [
          { source: "Start_iEca", target: "LLM_NPem" },
          { source: "LLM_NPem", target: "End_pmAh" },
        ],
      }),
    );
    const draft = await f.server.call("POST", "/manage/v1/apps", {
      token: f.server.adminToken,
      body: { workspaceId: f.workspaceId, type: "agent", name: "Draft only", config: agentConfig() },
    });
    draftId = draft.body.id;
    otherAppId = await publish(otherWs, "agent", "Other workspace bot", agentConfig());
    key = (await f.createKey()).secret;
  });
  afterAll(() => f?.close());

  it("lists each published app the key may call as a tool, with a schema from its parameters", async () => {
    const client = await connect(f, key);
    const { tools } = await client.listTools();
    await client.close();
    expect(tools.map((t) => t.name).sort()).toEqual(["Summary_flow", "Travel_helper"]);
    const agent = tools.find((t) => t.name === "Travel_helper")!;
    expect(agent.description).toContain("Plans trips.");
    expect(agent.description).toContain(agentId);
    expect(agent._meta).toMatchObject({ "appstudio/app_id": agentId, "appstudio/app_type": "agent" });
    expect(agent.inputSchema).toMatchObject({
      type: "object",
      required: ["prompt"],
      properties: {
        prompt: { type: "string" },
        session_id: { type: "string" },
        biz_params: { properties: { user_prompt_params: { properties: { user_name: { type: "string" }, city: { type: "string" } } } } },
      },
    });
    const flow = tools.find((t) => t.name === "Summary_flow")!;
    expect(flow.description).toContain(workflowId);
    expect(flow.inputSchema).toMatchObject({
      required: ["prompt", "biz_params"],
      properties: { biz_params: { required: ["tone"], properties: { tone: { type: "string", description: "How to write" } } } },
    });
    // A task workflow keeps no conversation.
    expect(flow.inputSchema.properties).not.toHaveProperty("session_id");
    // Unpublished apps and apps of other workspaces are not tools.
    expect(JSON.stringify(tools)).not.toContain(draftId);
    expect(JSON.stringify(tools)).not.toContain(otherAppId);
  });

  it("calls an agent app, fills its variables, and continues the session it returns", async () => {
    const client = await connect(f, key);
    const first = await client.callTool({
      name: "Travel_helper",
      arguments: { prompt: "my name is Ada", biz_params: { user_prompt_params: { user_name: "Ada", city: "Hangzhou" } } },
    });
    expect(first.isError).toBeFalsy();
    expect(textOf(first)).toBe("Echo: my name is Ada");
    const sessionId = structured(first).session_id as string;
    expect(sessionId).toMatch(/^[0-9a-f]{32}$/);
    expect(structured(first).request_id).toEqual(expect.any(String));
    const system = f.model.requests.at(-1)!.body.messages![0]!;
    expect(system.content).toContain("Help Ada plan a trip to Hangzhou.");

    const second = await client.callTool({ name: "Travel_helper", arguments: { prompt: "what is my name?", session_id: sessionId } });
    await client.close();
    expect(structured(second).session_id).toBe(sessionId);
    const sent = f.model.requests.at(-1)!.body.messages!.map((m) => m.content);
    expect(sent).toContain("my name is Ada");
    expect(sent).toContain("Echo: my name is Ada");
  });

  it("calls a workflow app with its Start variables, and reports a missing one as a tool error", async () => {
    const client = await connect(f, key);
    const ok = await client.callTool({ name: "Summary_flow", arguments: { prompt: "summarise this", biz_params: { tone: "brief" } } });
    expect(ok.isError).toBeFalsy();
    expect(textOf(ok)).toBe("Echo: summarise this (brief)");
    const missing = await client.callTool({ name: "Summary_flow", arguments: { prompt: "summarise this" } });
    await client.close();
    expect(missing.isError).toBe(true);
    expect(structured(missing).code).toBe("InvalidParameter");
    expect(textOf(missing)).toContain("tone");
  });

  it("streams the answer as progress notifications when the client sends a progress token", async () => {
    f.model.script({ text: "one two three four", chunks: 4 });
    const client = await connect(f, key);
    const progress: { progress: number; message?: string }[] = [];
    const result = await client.callTool({ name: "Travel_helper", arguments: { prompt: "count" } }, undefined, { onprogress: (p) => progress.push(p) });
    await client.close();
    expect(textOf(result)).toBe("one two three four");
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.map((p) => p.progress)).toEqual(progress.map((_p, i) => i + 1));
    expect(progress.map((p) => p.message).join("")).toBe("one two three four");
  });

  it("records tool calls in the call log under source mcp", async () => {
    const client = await connect(f, key);
    const result = await client.callTool({ name: "Travel_helper", arguments: { prompt: "log me" } });
    await client.close();
    await f.server.container.callLog.flush();
    const logs = await f.server.call("GET", `/manage/v1/call-logs?workspaceId=${f.workspaceId}&source=mcp`, { token: f.server.adminToken });
    expect(logs.status).toBe(200);
    const row = logs.body.items.find((r: { requestId: string }) => r.requestId === structured(result).request_id);
    expect(row).toMatchObject({ appId: agentId, source: "mcp", status: 200, sessionId: structured(result).session_id });
  });

  it("refuses a wrong key with the app API's 401 body, and GET with 405 (stateless)", async () => {
    await expect(connect(f, `sk-${"0".repeat(32)}`)).rejects.toThrow(/401|InvalidApiKey/);
    const raw = await rawRequest(`${f.server.url}/api/v1/mcp`, {
      method: "POST",
      headers: { authorization: "Bearer sk-nope", "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(raw.status).toBe(401);
    expect(JSON.parse(raw.text)).toMatchObject({ code: "InvalidApiKey", request_id: expect.any(String) });
    const get = await rawRequest(`${f.server.url}/api/v1/mcp`, { headers: { authorization: `Bearer ${key}`, accept: "text/event-stream" } });
    expect(get.status).toBe(405);
  });

  it("keeps the JSON depth limit on MCP bodies", async () => {
    let deep: unknown = "x";
    for (let i = 0; i < 100; i++) deep = { d: deep };
    const res = await rawRequest(`${f.server.url}/api/v1/mcp`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "Travel_helper", arguments: { prompt: "x", biz_params: deep } } }),
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).code).toBe("InvalidParameter");
  });

  it("selects the workspace like app calls: another workspace's key sees its own apps, a header naming another is refused", async () => {
    const otherKey = (await f.createKey({ workspaceId: otherWs })).secret;
    const client = await connect(f, otherKey);
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["Other_workspace_bot"]);
    const foreign = await client.callTool({ name: "Travel_helper", arguments: { prompt: "x" } }).catch((e: Error) => e);
    await client.close();
    expect(String(foreign)).toMatch(/Unknown tool/);
    await expect(connect(f, otherKey, { headers: { "X-DashScope-WorkSpace": f.workspaceId } })).rejects.toThrow(/403|Workspace\.AccessDenied/);
  });

  it("works on the workspace's dedicated host, and refuses other workspaces' keys there", async () => {
    const port = new URL(f.server.url).port;
    const client = await connect(f, key, { host: `${f.workspaceId}.local.localhost:${port}` });
    expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(["Summary_flow", "Travel_helper"]);
    expect(textOf(await client.callTool({ name: "Travel_helper", arguments: { prompt: "dedicated" } }))).toBe("Echo: dedicated");
    await client.close();
    const otherKey = (await f.createKey({ workspaceId: otherWs })).secret;
    await expect(connect(f, otherKey, { host: `${f.workspaceId}.local.localhost:${port}` })).rejects.toThrow(/403|Workspace\.AccessDenied/);
  });

  it("a region key reaches another workspace of its region by naming it, but not on that workspace's dedicated host", async () => {
    const regionKey = (await f.createKey({ scope: "region", description: uniqueName("region") })).secret;
    const client = await connect(f, regionKey, { headers: { "X-DashScope-WorkSpace": otherWs } });
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["Other_workspace_bot"]);
    expect(textOf(await client.callTool({ name: "Other_workspace_bot", arguments: { prompt: "hi" } }))).toBe("Echo: hi");
    await client.close();
    const port = new URL(f.server.url).port;
    await expect(connect(f, regionKey, { host: `${otherWs}.local.localhost:${port}` })).rejects.toThrow(/403|Workspace\.AccessDenied/);
  });

  it("answers a rate-limited call as a tool error, logged as refused", async () => {
    const limited = await f.createKey();
    for (let i = 0; i < KEY_RPM; i++) await f.server.container.keyLimiter.hit(`key:${limited.id}`);
    const client = await connect(f, limited.secret);
    const result = await client.callTool({ name: "Travel_helper", arguments: { prompt: "too many" } });
    await client.close();
    expect(result.isError).toBe(true);
    expect(structured(result)).toMatchObject({ code: "Throttling.RateQuota" });
    await f.server.container.callLog.flush();
    const logs = await f.server.call("GET", `/manage/v1/call-logs?apiKeyId=${limited.id}`, { token: f.server.adminToken });
    expect(logs.body.items).toEqual([expect.objectContaining({ source: "mcp", status: 429, errorCode: "Throttling.RateQuota", appId: agentId })]);
  });

  it("reports bad arguments and unknown tools clearly", async () => {
    const client = await connect(f, key);
    const bad = await client.callTool({ name: "Travel_helper", arguments: { prompt: 5, extra: true } });
    expect(bad.isError).toBe(true);
    expect(structured(bad).code).toBe("InvalidParameter");
    expect(textOf(bad)).toMatch(/prompt.*extra/);
    await expect(client.callTool({ name: "No_such_app", arguments: { prompt: "x" } })).rejects.toThrow(/Unknown tool/);
    await client.close();
  });
});
