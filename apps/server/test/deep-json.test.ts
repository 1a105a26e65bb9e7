import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../src/testing/index.js";
import { uniqueName } from "./support/accounts.js";
import { expectError } from "./support/error-body.js";
import { type ServerProcess, startServerProcess } from "./support/server-process.js";
import { toGraph } from "./support/workflow-fixture.js";

const PASSWORD = "deep-json-admin-password";
const LIMIT = 64;

/** `{"a":{"a":…{}…}}` with `levels` objects, written as text: building it as a value and stringifying it would overflow the test itself. */
const nested = (levels: number) => `${'{"a":'.repeat(levels - 1)}{}${"}".repeat(levels - 1)}`;

/** Start (variable o: Object) → Script (input {{Start_deep.o}}) → streaming End printing {{Start_deep.o}}, as the review built it. */
const reproduction = toGraph({
  nodes: [
    { id: "Start_deep", config: { variables: [{ name: "o", type: "Object" }] } },
    {
      id: "Script_deep",
      config: {
        code: "function main(inputs) { return { ok: true }; }",
        inputs: [{ name: "o", value: "{{Start_deep.o}}" }],
        outputs: [{ name: "ok", type: "Boolean" }],
      },
    },
    { id: "End_deep", config: { mode: "text", template: "o = {{Start_deep.o}}", stream: true } },
  ],
  edges: [
    { source: "Start_deep", target: "Script_deep" },
    { source: "Script_deep", target: "End_deep" },
  ],
});

/**
 * Bodies nested too deep are refused before any route sees them, and a run that meets a value
 * it cannot render fails alone: the server runs as its own process here, as in production, so
 * a crash shows as an exited process rather than a test-runner warning.
 */
describe("deeply nested JSON", () => {
  let server: ServerProcess;
  let dataDir: string;
  let adminToken: string;
  let memberToken: string;
  let workspaceId: string;
  let appId: string;
  let apiKey: string;

  const call = async (method: string, path: string, options: { token?: string; cookie?: string; body?: string; headers?: Record<string, string> } = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.cookie) headers.cookie = options.cookie;
    if (options.body !== undefined) headers["content-type"] ??= "application/json";
    const response = await fetch(`${server.url}${path}`, { method, headers, ...(options.body !== undefined ? { body: options.body } : {}) });
    const text = await response.text();
    // Every answer here is JSON: the refusals come before any stream starts.
    const body = text ? JSON.parse(text) : undefined;
    return { status: response.status, body, headers: response.headers, text };
  };
  const tokenFor = async (loginName: string, password: string) => {
    const signIn = await call("POST", "/manage/v1/session", { body: JSON.stringify({ loginName, password }) });
    expect(signIn.status, signIn.text).toBe(200);
    const cookie = signIn.headers.get("set-cookie")?.split(";")[0] ?? "";
    const created = await call("POST", "/manage/v1/tokens", { cookie, body: JSON.stringify({ name: "deep-json" }) });
    expect(created.status, created.text).toBe(201);
    return created.body.secret as string;
  };
  const expectDepthRefused = (res: Awaited<ReturnType<typeof call>>, field: string) => {
    expectError(res, 400, "InvalidParameter");
    expect(res.body.message).toContain(`at most ${LIMIT} levels deep`);
    expect(res.body.details.fields).toEqual([
      { field: expect.stringMatching(new RegExp(`^${field.replace(/\./g, "\\.")}\\.`)), message: expect.stringContaining(String(LIMIT)) },
    ]);
  };
  const expectAlive = async () => {
    expect(server.child.exitCode).toBeNull();
    expect((await call("GET", "/healthz")).status).toBe(200);
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "appstudio-deep-json-"));
    server = await startServerProcess({ APPSTUDIO_DATA_DIR: dataDir, APPSTUDIO_ADMIN_PASSWORD: PASSWORD });
    adminToken = await tokenFor("admin", PASSWORD);
    const workspace = await call("POST", "/manage/v1/workspaces", { token: adminToken, body: JSON.stringify({ name: uniqueName("deep") }) });
    workspaceId = workspace.body.id;
    const app = await call("POST", "/manage/v1/apps", {
      token: adminToken,
      body: JSON.stringify({ workspaceId, type: "workflow", name: "deep", config: reproduction }),
    });
    expect(app.status, app.text).toBe(201);
    appId = app.body.id;
    expect((await call("POST", `/manage/v1/apps/${appId}/publish`, { token: adminToken, body: "{}" })).status).toBe(200);
    const key = await call("POST", "/manage/v1/api-keys", { token: adminToken, body: JSON.stringify({ workspaceId }) });
    apiKey = key.body.secret;
    // A plain workspace member: no global policy, role `member` in this workspace only.
    const member = { loginName: uniqueName("member"), password: "member-password-long" };
    const user = await call("POST", "/manage/v1/users", { token: adminToken, body: JSON.stringify(member) });
    expect(user.status, user.text).toBe(201);
    const added = await call("POST", `/manage/v1/workspaces/${workspaceId}/members`, {
      token: adminToken,
      body: JSON.stringify({ userId: user.body.id, role: "member" }),
    });
    expect(added.status, added.text).toBe(200);
    memberToken = await tokenFor(member.loginName, member.password);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers the review's reproduction on the DashScope route with a clean 400 and stays up", async () => {
    const body = `{"input":{"prompt":"hi","biz_params":{"o":${nested(10_000)}}},"parameters":{"incremental_output":true}}`;
    const res = await call("POST", `/api/v1/apps/${appId}/completion`, { token: apiKey, body, headers: { "X-DashScope-SSE": "enable" } });
    expectDepthRefused(res, "body.input.biz_params.o");
    await expectAlive();
  });

  it("answers the same body on the draft test-run route of a plain member with a clean 400 and stays up", async () => {
    const body = `{"input":{"prompt":"hi","biz_params":{"o":${nested(10_000)}}},"parameters":{"incremental_output":true}}`;
    const res = await call("POST", `/manage/v1/apps/${appId}/test-run`, { token: memberToken, body, headers: { accept: "text/event-stream" } });
    expectDepthRefused(res, "body.input.biz_params.o");
    await expectAlive();
  });

  it("runs a value nested up to the limit", async () => {
    // body → input → biz_params → o: the value itself may use the other levels.
    const body = `{"input":{"prompt":"hi","biz_params":{"o":${nested(LIMIT - 3)}}}}`;
    const res = await call("POST", `/api/v1/apps/${appId}/completion`, { token: apiKey, body });
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(res.body.output.text).toBe(`o = ${nested(LIMIT - 3)}`);
    const over = await call("POST", `/api/v1/apps/${appId}/completion`, {
      token: apiKey,
      body: `{"input":{"prompt":"hi","biz_params":{"o":${nested(LIMIT - 2)}}}}`,
    });
    expectDepthRefused(over, "body.input.biz_params.o");
  });

  it("refuses app configs with deep tools[].parameters or node config, naming the field", async () => {
    const deep = nested(5_000);
    const tool = `{"name":"t","description":"d","url":"http://127.0.0.1:9/","method":"POST","headers":{},"timeoutMs":1000,"parameters":{"type":"object","properties":${deep}}}`;
    const agent = `{"workspaceId":"${workspaceId}","type":"agent","name":"${uniqueName("deep-agent")}","config":{"model":"m","instructions":"","dialogRounds":3,"tools":[${tool}]}}`;
    expectDepthRefused(await call("POST", "/manage/v1/apps", { token: adminToken, body: agent }), "body.config.tools.0.parameters");

    const node = `{"id":"Start_deep","type":"Start","name":"Start","config":{"variables":[],"extra":${deep}}}`;
    const workflow = `{"workspaceId":"${workspaceId}","type":"workflow","name":"${uniqueName("deep-flow")}","config":{"nodes":[${node}],"edges":[]}}`;
    expectDepthRefused(await call("POST", "/manage/v1/apps", { token: adminToken, body: workflow }), "body.config.nodes.0.config");
    expectDepthRefused(
      await call("PATCH", `/manage/v1/apps/${appId}`, { token: adminToken, body: `{"config":{"nodes":[${node}],"edges":[]}}` }),
      "body.config.nodes.0.config",
    );

    // Arrays count as levels too.
    const arrays = `${"[".repeat(5_000)}${"]".repeat(5_000)}`;
    expectDepthRefused(await call("PATCH", `/manage/v1/apps/${appId}`, { token: adminToken, body: `{"description":${arrays}}` }), "body.description");
    await expectAlive();
  });

  it("never logged an unhandled rejection", () => {
    expect(server.output()).not.toMatch(/unhandled|RangeError/i);
  });
});

describe("APPSTUDIO_MAX_JSON_DEPTH", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { APPSTUDIO_MAX_JSON_DEPTH: "16" } });
  });
  afterAll(() => server?.close());

  it("sets the limit every body is held to", async () => {
    const post = (extra: string) =>
      server.call("POST", "/manage/v1/workspaces", { token: server.adminToken, body: `{"name":"${uniqueName("ws")}","extra":${extra}}` });
    // The body is level 1, so `extra` may nest 15 levels: refused as an unknown field, not for depth.
    const within = await post(nested(15));
    expectError(within, 400, "InvalidParameter");
    expect(within.body.details.fields).toEqual([{ field: "body.extra", message: "is not a known field" }]);
    const beyond = await post(nested(16));
    expectError(beyond, 400, "InvalidParameter");
    expect(beyond.body.details.fields).toEqual([{ field: `body.extra${".a".repeat(11)}…`, message: expect.stringContaining("at most 16 levels deep") }]);
  });
});
