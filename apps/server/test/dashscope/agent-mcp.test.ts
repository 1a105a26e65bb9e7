import { startTestMcpServer, type TestMcpServer } from "@appstudio/adapters/testing/mcp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkspace } from "../support/accounts.js";
import { type DashScopeFixture, startDashScopeFixture } from "../support/dashscope-fixture.js";
import { expectError } from "../support/error-body.js";
import { publishWorkflow } from "../support/workflow-fixture.js";

const SECRET = "sealed-mcp-header-fedcba9876543210";

type Thought = { action_type: string; action: string; action_name: string; observation: string; action_input: Record<string, unknown> };
const apiThoughts = (body: { output: { thoughts?: Thought[] } }) => (body.output.thoughts ?? []).filter((t) => t.action_type === "api");

/** Agents and workflows calling MCP services, over real HTTP, against the tests' own MCP server on 127.0.0.1. */
describe("MCP services in agent and workflow apps", () => {
  let f: DashScopeFixture;
  let mcp: TestMcpServer;
  let key: string;
  let streamable: string;
  let sse: string;
  let foreign: string;

  const addService = async (body: Record<string, unknown>, workspaceId = f.workspaceId) => {
    const res = await f.server.call("POST", "/manage/v1/mcp-services", { token: f.server.adminToken, body: { workspaceId, ...body } });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body.id as string;
  };
  const ask = async (appId: string, parameters: Record<string, unknown> = {}) => {
    const res = await f.complete(appId, key, { input: { prompt: "use the tools" }, parameters: { has_thoughts: true, ...parameters } });
    return { status: res.status, body: await res.json() };
  };
  const offeredTools = () => (f.model.requests.at(-2)?.body.tools ?? []).map((t: { function: { name: string } }) => t.function.name);

  beforeAll(async () => {
    mcp = await startTestMcpServer();
    f = await startDashScopeFixture();
    key = (await f.createKey()).secret;
    streamable = await addService({
      name: "calc",
      url: mcp.url,
      headers: { Authorization: `Bearer ${SECRET}` },
      allowedTools: ["echo", "add", "fail", "wait"],
    });
    sse = await addService({ name: "legacy", url: mcp.sseUrl, transport: "sse", headers: { Authorization: `Bearer ${SECRET}` } });
    foreign = await addService({ name: "elsewhere", url: mcp.url }, await createWorkspace(f.server));
  });
  afterAll(async () => {
    await f?.close();
    await mcp?.close();
  });

  it("offers the service's allowed tools next to HTTP tools and shows the call in thoughts; the sealed header reaches the server only", async () => {
    const appId = await f.publishAgent({ mcpServices: [{ serviceId: streamable }] });
    f.model.script({ toolCalls: [{ name: "calc__add", arguments: { a: 2, b: 40 } }] }, { text: "The sum is 42." });
    const before = mcp.requests.length;
    const { status, body } = await ask(appId);
    expect(status).toBe(200);
    expect(body.output.text).toBe("The sum is 42.");
    expect(offeredTools()).toEqual(["calc__echo", "calc__add", "calc__fail", "calc__wait"]);
    expect(apiThoughts(body)).toEqual([
      expect.objectContaining({ action: "calc__add", action_name: "calc__add", action_input: { a: 2, b: 40 }, observation: "42" }),
    ]);
    expect(mcp.calls.at(-1)).toEqual({ name: "add", arguments: { a: 2, b: 40 } });
    // What the model read next is the tool's answer.
    expect(f.model.requests.at(-1)?.body.messages?.at(-1)).toMatchObject({ role: "tool", content: "42" });
    const reached = mcp.requests.slice(before);
    expect(reached.length).toBeGreaterThan(0);
    for (const r of reached) expect(r.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(JSON.stringify(body)).not.toContain(SECRET);
    expect(JSON.stringify(f.model.requests.slice(-2))).not.toContain(SECRET);
  });

  it("works over the SSE transport, narrowed to the tools the app picks", async () => {
    const appId = await f.publishAgent({ mcpServices: [{ serviceId: sse, tools: ["echo"] }] });
    f.model.script({ toolCalls: [{ name: "legacy__echo", arguments: { text: "hello" } }] }, { text: "done" });
    const { body } = await ask(appId);
    expect(offeredTools()).toEqual(["legacy__echo"]);
    expect(apiThoughts(body).at(0)).toMatchObject({ action: "legacy__echo", observation: "echo: hello" });
  });

  it("names MCP tools around HTTP tools so names never collide", async () => {
    const http = {
      name: "calc__echo",
      description: "x",
      parameters: { type: "object" },
      method: "GET",
      url: "http://127.0.0.1:9/x",
      headers: {},
      timeoutMs: 1000,
    };
    const appId = await f.publishAgent({ tools: [http], mcpServices: [{ serviceId: streamable, tools: ["echo"] }] });
    f.model.script({ text: "no tools needed" });
    await ask(appId);
    expect(f.model.requests.at(-1)?.body.tools?.map((t: { function: { name: string } }) => t.function.name)).toEqual(["calc__echo", "calc__echo_2"]);
  });

  it("turns tool errors, timeouts and an unreachable server into thoughts, never a failed call", async () => {
    const down = await startTestMcpServer();
    await down.close();
    const gone = await addService({ name: "gone", url: down.url });
    const slow = await addService({ name: "slow", url: mcp.url, timeoutMs: 1000 });
    const appId = await f.publishAgent({
      mcpServices: [{ serviceId: streamable, tools: ["fail"] }, { serviceId: slow, tools: ["wait"] }, { serviceId: gone }],
    });
    f.model.script(
      {
        toolCalls: [
          { name: "calc__fail", arguments: {} },
          { name: "slow__wait", arguments: { ms: 30_000 } },
        ],
      },
      { text: "Sorry, the tools failed." },
    );
    const { status, body } = await ask(appId);
    expect(status).toBe(200);
    expect(body.output.text).toBe("Sorry, the tools failed.");
    const byAction = Object.fromEntries(apiThoughts(body).map((t) => [t.action, t.observation]));
    expect(byAction.gone).toMatch(/^Error: MCP service 'gone' could not be reached, so its tools were not offered: could not connect: .*ECONNREFUSED/);
    expect(byAction.calc__fail).toBe("Error: the MCP tool reported an error: something broke");
    expect(byAction.slow__wait).toBe("Error: the MCP tool call failed: no response within 1000 ms");
    expect(offeredTools()).toEqual(["calc__fail", "slow__wait"]);
  });

  it("honours parameters.mcp_servers for the app's workspace and refuses unknown or foreign services with a 400", async () => {
    const appId = await f.publishAgent();
    f.model.script({ toolCalls: [{ name: "legacy__echo", arguments: { text: "per call" } }] }, { text: "ok" });
    const { status, body } = await ask(appId, { mcp_servers: [sse] });
    expect(status).toBe(200);
    expect(apiThoughts(body).at(0)).toMatchObject({ action: "legacy__echo", observation: "echo: per call" });
    // By name too.
    f.model.script({ text: "fine" });
    expect((await ask(appId, { mcp_servers: ["calc"] })).status).toBe(200);
    expect(f.model.requests.at(-1)?.body.tools?.map((t: { function: { name: string } }) => t.function.name)).toEqual([
      "calc__echo",
      "calc__add",
      "calc__fail",
      "calc__wait",
    ]);

    const callsBefore = mcp.requests.length;
    for (const ref of [foreign, "mcp-0000000000000000", "elsewhere"]) {
      const res = await f.complete(appId, key, { input: { prompt: "x" }, parameters: { mcp_servers: [ref] } });
      const err = await res.json();
      expect(res.status, ref).toBe(400);
      expect(err).toMatchObject({ code: "InvalidParameter", message: `parameters.mcp_servers[0]: no MCP service '${ref}' in this workspace` });
    }
    expect(mcp.requests.length).toBe(callsBefore);
  });

  it("refuses to save an app that attaches another workspace's service, as if it did not exist", async () => {
    for (const config of [{ mcpServices: [{ serviceId: foreign }] }, { mcpServices: [{ serviceId: "mcp-0000000000000000" }] }]) {
      const res = await f.server.call("POST", "/manage/v1/apps", {
        token: f.server.adminToken,
        body: {
          workspaceId: f.workspaceId,
          type: "agent",
          name: `foreign-${Math.random()}`,
          config: { model: "fake-model", instructions: "", dialogRounds: 1, tools: [], ...config },
        },
      });
      expectError(res, 400, "InvalidParameter");
      expect(res.body.details.fields).toEqual([
        { field: "config.mcpServices[0].serviceId", message: `no MCP service '${config.mcpServices[0]?.serviceId}' in this workspace` },
      ]);
    }
  });

  it("runs a workflow MCP node with arguments from variables, and fails it clearly on a tool error", async () => {
    const graph = (tool: string) => ({
      nodes: [
        {
          id: "Start_mcp0",
          config: {
            variables: [
              { name: "a", type: "Number" },
              { name: "b", type: "Number" },
            ],
          },
        },
        { id: "MCP_mcp1", name: "sum", config: { serviceId: streamable, tool, arguments: { a: "{{Start_mcp0.a}}", b: "{{Start_mcp0.b}}" } } },
        { id: "End_mcp2", config: { mode: "text", template: "sum={{MCP_mcp1.json.sum}} text={{MCP_mcp1.result}}", stream: true } },
      ],
      edges: [
        { source: "Start_mcp0", target: "MCP_mcp1" },
        { source: "MCP_mcp1", target: "End_mcp2" },
      ],
    });
    const appId = await publishWorkflow(f, graph("add"));
    const res = await f.complete(appId, key, { input: { prompt: "x", biz_params: { a: 19, b: 23 } } });
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.output.text).toBe("sum=42 text=42");
    expect(mcp.calls.at(-1)).toEqual({ name: "add", arguments: { a: 19, b: 23 } });

    const failing = await publishWorkflow(f, graph("fail"));
    const failed = await f.complete(failing, key, { input: { prompt: "x", biz_params: { a: 1, b: 2 } } });
    const err = await failed.json();
    expect(failed.status).toBe(500);
    expect(err.code).toBe("AppProcessFailed");
    expect(err.message).toMatch(/^Node MCP_mcp1 \('sum'\) failed: tool 'fail' of MCP service 'calc' reported an error: something broke/);
    expect(JSON.stringify(err)).not.toContain(SECRET);
  });

  it("refuses to publish a workflow whose MCP node names another workspace's service", async () => {
    await expect(
      publishWorkflow(f, {
        nodes: [
          { id: "Start_mcp3", config: { variables: [] } },
          { id: "MCP_mcp4", config: { serviceId: foreign, tool: "echo", arguments: { text: "x" } } },
          { id: "End_mcp5", config: { mode: "text", template: "{{MCP_mcp4.result}}" } },
        ],
        edges: [
          { source: "Start_mcp3", target: "MCP_mcp4" },
          { source: "MCP_mcp4", target: "End_mcp5" },
        ],
      }),
    ).rejects.toThrow(/nodes\[1\]\.config\.serviceId.*no MCP service/);
  });
});

describe("an agent using appstudio's own MCP endpoint as an MCP service (each side against the other)", () => {
  let f: DashScopeFixture;
  beforeAll(async () => {
    // The service points at this very server on 127.0.0.1, so loopback is allowed here.
    f = await startDashScopeFixture({ env: { APPSTUDIO_OUTBOUND_NETWORK: "any" } });
  });
  afterAll(() => f?.close());

  it("lists the published apps as tools and calls one from another agent, with the sk- key sealed in the service", async () => {
    const key = (await f.createKey()).secret;
    await f.publishAgent({ instructions: "You answer questions about the weather." }, "weather-helper");
    const created = await f.server.call("POST", "/manage/v1/mcp-services", {
      token: f.server.adminToken,
      body: { workspaceId: f.workspaceId, name: "studio", url: `${f.server.url}/api/v1/mcp`, headers: { Authorization: `Bearer ${key}` } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const tools = await f.server.call("GET", `/manage/v1/mcp-services/${created.body.id}/tools`, { token: f.server.adminToken });
    expect(tools.body.ok, JSON.stringify(tools.body)).toBe(true);
    expect(tools.body.tools.map((t: { name: string }) => t.name)).toContain("weather-helper");

    const caller = await f.publishAgent({ mcpServices: [{ serviceId: created.body.id, tools: ["weather-helper"] }] }, "front-desk");
    // Outer agent asks for the tool; the inner agent (called through MCP) answers; the outer one sums up.
    f.model.script(
      { toolCalls: [{ name: "studio__weather-helper", arguments: { prompt: "Weather in Hangzhou?" } }] },
      { text: "Sunny, 24 degrees." },
      { text: "The helper says: sunny." },
    );
    const res = await f.complete(caller, key, { input: { prompt: "How is the weather?" }, parameters: { has_thoughts: true } });
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.output.text).toBe("The helper says: sunny.");
    const thought = apiThoughts(body)[0];
    expect(thought).toMatchObject({ action: "studio__weather-helper", action_input: { prompt: "Weather in Hangzhou?" } });
    expect(thought?.observation).toContain("Sunny, 24 degrees.");
    expect(JSON.stringify(body)).not.toContain(key);
  });
});

describe("MCP services under the outbound network policy 'public' (the default)", () => {
  let f: DashScopeFixture;
  let mcp: TestMcpServer;
  beforeAll(async () => {
    mcp = await startTestMcpServer();
    f = await startDashScopeFixture({ env: { APPSTUDIO_OUTBOUND_NETWORK: "public" } });
  });
  afterAll(async () => {
    await f?.close();
    await mcp?.close();
  });

  it("refuses loopback for the connection test, agents and workflow nodes, so nothing reaches the server", async () => {
    const create = (name: string, url: string, transport = "streamable-http") =>
      f.server.call("POST", "/manage/v1/mcp-services", { token: f.server.adminToken, body: { workspaceId: f.workspaceId, name, url, transport } });
    const services = [
      (await create("loop", mcp.url)).body.id,
      (await create("loop-sse", mcp.sseUrl, "sse")).body.id,
      (await create("loop-name", `http://localhost:${mcp.port}/mcp`)).body.id,
    ];
    for (const id of services) {
      const tools = await f.server.call("GET", `/manage/v1/mcp-services/${id}/tools`, { token: f.server.adminToken });
      expect(tools.body.ok, id).toBe(false);
      expect(tools.body.error).toMatch(/not a public address \(outbound network policy 'public'\)/);
    }
    const key = (await f.createKey()).secret;
    const appId = await f.publishAgent({ mcpServices: services.map((serviceId) => ({ serviceId })) });
    f.model.script({ text: "no tools" });
    const res = await f.complete(appId, key, { input: { prompt: "x" }, parameters: { has_thoughts: true } });
    const body = await res.json();
    expect(res.status).toBe(200);
    const observations = apiThoughts(body).map((t) => t.observation);
    expect(observations).toHaveLength(3);
    for (const o of observations) expect(o).toMatch(/could not be reached.*not a public address \(outbound network policy 'public'\)/);

    const flow = await publishWorkflow(f, {
      nodes: [
        { id: "Start_pol0", config: { variables: [] } },
        { id: "MCP_pol1", config: { serviceId: services[0], tool: "echo", arguments: { text: "x" } } },
        { id: "End_pol2", config: { mode: "text", template: "{{MCP_pol1.result}}" } },
      ],
      edges: [
        { source: "Start_pol0", target: "MCP_pol1" },
        { source: "MCP_pol1", target: "End_pol2" },
      ],
    });
    const failed = await f.complete(flow, key, { input: { prompt: "x" } });
    expect(failed.status).toBe(500);
    expect((await failed.json()).message).toMatch(/not a public address/);
    expect(mcp.requests).toHaveLength(0);
  });
});
