import { startTestMcpServer, type TestMcpServer } from "@appstudio/adapters/testing/mcp-server";
import { testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../src/testing/index.js";
import { addMember, createToken, createUser, createWorkspace } from "./support/accounts.js";
import { expectError } from "./support/error-body.js";

const SECRET = "mcp-credential-0123456789abcdef";

/** The management API of MCP services against a real MCP server of the tests' own on 127.0.0.1. */
describe.each(testDialects())("MCP services: management API (%s)", (dialect) => {
  let server: TestServer;
  let mcp: TestMcpServer;
  let workspaceId: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    mcp = await startTestMcpServer();
    server = await startTestServer({ dialect, log: { level: "debug", stream: { write: (line) => void logLines.push(line) } } });
    workspaceId = await createWorkspace(server);
  });
  afterAll(async () => {
    await server?.close();
    await mcp?.close();
  });

  const admin = (method: string, path: string, body?: unknown) =>
    server.call(method, `/manage/v1${path}`, { token: server.adminToken, ...(body !== undefined ? { body } : {}) });

  it("adds a service with sealed headers: names shown, values never returned, logged or audited, yet sent to the server", async () => {
    const created = await admin("POST", "/mcp-services", {
      workspaceId,
      name: "tools",
      url: mcp.url,
      headers: { Authorization: `Bearer ${SECRET}`, "X-Team": "blue" },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      workspaceId,
      name: "tools",
      url: mcp.url,
      transport: "streamable-http",
      headerNames: ["Authorization", "X-Team"],
      allowedTools: [],
      timeoutMs: 30000,
    });
    expect(created.body.id).toMatch(/^mcp-[0-9a-f]{16}$/);
    const id = created.body.id;

    const listed = await admin("GET", `/mcp-services?workspaceId=${workspaceId}`);
    expect(listed.body).toMatchObject({ total: 1, items: [{ id, name: "tools" }] });
    const byName = await admin("GET", `/mcp-services/tools?workspaceId=${workspaceId}`);
    expect(byName.body.id).toBe(id);

    const before = mcp.requests.length;
    const tools = await admin("GET", `/mcp-services/${id}/tools`);
    expect(tools.status).toBe(200);
    expect(tools.body.ok).toBe(true);
    expect(tools.body.tools.map((t: { name: string; allowed: boolean }) => [t.name, t.allowed])).toEqual([
      ["echo", true],
      ["add", true],
      ["fail", true],
      ["wait", true],
      ["hidden", true],
    ]);
    const reached = mcp.requests.slice(before);
    expect(reached.length).toBeGreaterThan(0);
    for (const r of reached) expect(r.headers).toMatchObject({ authorization: `Bearer ${SECRET}`, "x-team": "blue" });

    const audit = await admin("GET", "/audit-events?action=mcp-service.create");
    expect(audit.body.items[0]).toMatchObject({ resourceId: id, details: { name: "tools", headerNames: ["Authorization", "X-Team"] } });
    const row = await server.container.database.db.selectFrom("mcp_services").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.headers_sealed).toMatch(/^v1:/);
    for (const text of [JSON.stringify(row), JSON.stringify([created.body, listed.body, byName.body, tools.body, audit.body]), logLines.join("\n")]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain("blue");
    }
  });

  it("updates: allowed tools mark the listing, new headers replace the old, {} removes them", async () => {
    const created = await admin("POST", "/mcp-services", {
      workspaceId,
      name: "sse-tools",
      url: mcp.sseUrl,
      transport: "sse",
      headers: { "X-Key": "old-value" },
    });
    const id = created.body.id;
    const updated = await admin("PATCH", `/mcp-services/${id}`, { allowedTools: ["echo", "add"], headers: { "X-Key": "new-value" }, timeoutMs: 5000 });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body).toMatchObject({ allowedTools: ["echo", "add"], headerNames: ["X-Key"], timeoutMs: 5000, transport: "sse" });
    const before = mcp.requests.length;
    const tools = await admin("GET", `/mcp-services/${id}/tools`);
    expect(tools.body.ok, JSON.stringify(tools.body)).toBe(true);
    expect(tools.body.tools.filter((t: { allowed: boolean }) => t.allowed).map((t: { name: string }) => t.name)).toEqual(["echo", "add"]);
    expect(mcp.requests.slice(before).every((r) => r.headers["x-key"] === "new-value")).toBe(true);

    const cleared = await admin("PATCH", `/mcp-services/${id}`, { headers: {} });
    expect(cleared.body.headerNames).toEqual([]);
    const row = await server.container.database.db.selectFrom("mcp_services").select("headers_sealed").where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.headers_sealed).toBeNull();

    expect((await admin("DELETE", `/mcp-services/${id}`)).body).toEqual({ ok: true });
    expectError(await admin("GET", `/mcp-services/${id}`), 404, "NotFound");
  });

  it("validates every field at once and refuses a duplicate name", async () => {
    const bad = await admin("POST", "/mcp-services", {
      workspaceId,
      name: "has space",
      url: "http://user:pw@127.0.0.1/mcp",
      headers: { Host: "x", "Bad Name": "v", "X-Line": "a\r\nb" },
      allowedTools: ["echo", "echo"],
    });
    expectError(bad, 400, "InvalidParameter");
    expect(bad.body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual(
      ["allowedTools[1]", "headers.Bad Name", "headers.Host", "headers.X-Line", "name", "url"].sort(),
    );
    expect(JSON.stringify(bad.body)).not.toContain("a\r\nb");
    expectError(await admin("POST", "/mcp-services", { workspaceId, name: "x", url: "ftp://127.0.0.1/mcp" }), 400, "InvalidParameter");
    expectError(await admin("POST", "/mcp-services", { workspaceId, name: "x", url: mcp.url, transport: "stdio" }), 400, "InvalidParameter");
    expectError(await admin("POST", "/mcp-services", { workspaceId, name: "x", url: mcp.url, timeoutMs: 10 }), 400, "InvalidParameter");
    expectError(await admin("GET", "/mcp-services"), 400, "InvalidParameter");
    expectError(await admin("POST", "/mcp-services", { workspaceId, name: "tools", url: mcp.url }), 409, "Conflict");
  });

  it("reports a server that is down and a slow one in the listing body, not as a failure of the API", async () => {
    const down = await startTestMcpServer();
    await down.close();
    const created = await admin("POST", "/mcp-services", { workspaceId, name: "down", url: down.url, headers: { Authorization: `Bearer ${SECRET}` } });
    const tools = await admin("GET", `/mcp-services/${created.body.id}/tools`);
    expect(tools.status).toBe(200);
    expect(tools.body).toMatchObject({ ok: false });
    expect(tools.body.error).toMatch(/could not connect: .*ECONNREFUSED/);
    expect(JSON.stringify(tools.body)).not.toContain(SECRET);
  });

  it("keeps workspaces apart: members read, only admins write, other workspaces see nothing", async () => {
    const created = await admin("POST", "/mcp-services", { workspaceId, name: "private", url: mcp.url });
    const id = created.body.id;
    const member = await createUser(server);
    await addMember(server, workspaceId, member.id, "member");
    const memberToken = (await createToken(server, member)).secret;
    const outsider = await createUser(server);
    const otherWorkspace = await createWorkspace(server);
    await addMember(server, otherWorkspace, outsider.id, "admin");
    const outsiderToken = (await createToken(server, outsider)).secret;
    const as = (token: string, method: string, path: string, body?: unknown) =>
      server.call(method, `/manage/v1${path}`, { token, ...(body !== undefined ? { body } : {}) });

    expect((await as(memberToken, "GET", `/mcp-services/${id}`)).status).toBe(200);
    expectError(await as(memberToken, "POST", "/mcp-services", { workspaceId, name: "mine", url: mcp.url }), 403, "InsufficientPermissions");
    expectError(await as(memberToken, "PATCH", `/mcp-services/${id}`, { url: "http://127.0.0.1:1/mcp" }), 403, "InsufficientPermissions");
    expectError(await as(memberToken, "DELETE", `/mcp-services/${id}`), 403, "InsufficientPermissions");

    for (const [method, path, body] of [
      ["GET", `/mcp-services/${id}`],
      ["GET", `/mcp-services/${id}/tools`],
      ["PATCH", `/mcp-services/${id}`, { url: "http://127.0.0.1:1/mcp" }],
      ["DELETE", `/mcp-services/${id}`],
      ["GET", `/mcp-services/private?workspaceId=${otherWorkspace}`],
    ] as const) {
      expectError(await as(outsiderToken, method, path, body), 404, "NotFound", `${method} ${path}`);
    }
    expectError(await as(outsiderToken, "GET", `/mcp-services?workspaceId=${workspaceId}`), 403, "InsufficientPermissions");
    expect((await admin("GET", `/mcp-services/${id}`)).body.url).toBe(mcp.url);
  });
});
