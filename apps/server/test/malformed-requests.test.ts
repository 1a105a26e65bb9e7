import { testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../src/testing/index.js";
import { addMember, createApiKey, createApp, createToken, createUser, createWorkspace } from "./support/accounts.js";
import { expectError, expectErrorBody } from "./support/error-body.js";
import { createKnowledgeBase, uploadOne } from "./support/knowledge.js";
import { type MalformedCase, malformedCases, type Operation, operationsOf, type Param, type PathValues } from "./support/openapi-walker.js";

const BODY_LIMIT = 4096;

describe.each(testDialects())("malformed requests on every route (%s)", (dialect) => {
  let server: TestServer;
  let operations: Operation[];
  let values: PathValues;
  let apiKey: string;

  beforeAll(async () => {
    server = await startTestServer({ dialect, env: { APPSTUDIO_BODY_LIMIT: String(BODY_LIMIT) } });
    const workspace = await createWorkspace(server);
    const app = await createApp(server, workspace);
    expect((await server.call("POST", `/manage/v1/apps/${app}/publish`, { token: server.adminToken, body: {} })).status).toBe(200);
    const key = await createApiKey(server, workspace);
    apiKey = key.secret;
    const user = await createUser(server);
    await addMember(server, workspace, user.id, "member");
    const token = await createToken(server, user);
    const knowledgeBase = await createKnowledgeBase(server, workspace);
    const document = await uploadOne(server, knowledgeBase);
    const byCollection: Record<string, string> = {
      users: user.id,
      tokens: token.id,
      "api-keys": key.id,
      "knowledge-bases": knowledgeBase,
      "knowledge-documents": document,
    };
    values = {
      real(op: Operation, param: Param) {
        if (/workspace/i.test(param.name)) return workspace;
        if (/^app/i.test(param.name)) return app;
        if (param.name === "userId") return user.id;
        if (param.name === "version") return "1";
        const collection = op.path.split("/").at(op.path.split("/").indexOf(`{${param.name}}`) - 1) ?? "";
        return byCollection[collection] ?? "unknown-0000";
      },
      unknown(param: Param) {
        if (/workspace/i.test(param.name)) return "ws-0000000000000000";
        if (/^app/i.test(param.name)) return "0".repeat(32);
        if (param.name === "version") return "999";
        return "unknown-0000";
      },
    };
    const doc = await server.call("GET", "/openapi.json");
    expect(doc.status).toBe(200);
    operations = operationsOf(doc.body);
  });
  afterAll(() => server?.close());

  async function send(op: Operation, c: MalformedCase) {
    const headers: Record<string, string> = { ...c.headers };
    if (!c.anonymous) headers.authorization = `Bearer ${op.dashscope ? apiKey : server.adminToken}`;
    const response = await fetch(`${server.url}${c.url}`, { method: c.method, headers, ...(c.body !== undefined ? { body: c.body } : {}) });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // asserted below: error bodies are JSON
    }
    return { status: response.status, body: (op.openai ? fromOpenAiShape(body) : body) as any, headers: response.headers };
  }

  /** An OpenAI-shaped error read as the documented body, so one set of checks covers both shapes. */
  function fromOpenAiShape(body: any) {
    const error = body?.error;
    if (typeof error !== "object" || error === null) return body;
    const field = typeof error.param === "string" ? `body.${error.param.replace(/\[(\d+)\]/g, ".$1")}` : null;
    return { code: error.code, message: error.message, request_id: body.request_id, ...(field ? { details: { fields: [{ field }] } } : {}) };
  }

  it("finds the management routes in the OpenAPI document", () => {
    expect(operations.length).toBeGreaterThan(30);
    for (const path of ["/manage/v1/workspaces", "/manage/v1/apps/{app}/rollback", "/manage/v1/api-keys/{id}/reset"]) {
      expect(operations.some((o) => o.path === path)).toBe(true);
    }
  });

  it("answers every malformed request with a documented 4xx error, never a 5xx", async () => {
    const failures: string[] = [];
    let sent = 0;
    for (const op of operations) {
      for (const c of malformedCases(op, values)) {
        const res = await send(op, c);
        sent++;
        const where = `${c.method} ${c.url.slice(0, 120)} [${c.name}]`;
        try {
          expectErrorBody(res, where);
          if (c.status !== undefined) expect(res.status, where).toBe(c.status);
          if (c.message !== undefined) expect(res.body.message, where).toContain(c.message);
          if (c.field)
            expect(res.body.details?.fields?.map((f: { field: string }) => f.field) ?? [], where).toContainEqual(
              expect.stringMatching(new RegExp(`^${c.field.replace(/\./g, "\\.")}(\\.|$)`)),
            );
        } catch (e) {
          failures.push(`${where}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        }
      }
    }
    expect(sent).toBeGreaterThan(300);
    expect(failures).toEqual([]);
  }, 120_000);

  it("answers duplicate names with 409 Conflict: workspaces, apps and login names, also when racing", async () => {
    const t = server.adminToken;
    const conflict = (res: Awaited<ReturnType<TestServer["call"]>>) => expectError(res, 409, "Conflict");
    const ws = await createWorkspace(server, "dup-team");
    conflict(await server.call("POST", "/manage/v1/workspaces", { token: t, body: { name: "dup-team" } }));
    conflict(await server.call("POST", "/manage/v1/workspaces", { token: t, body: { name: "  dup-team " } }));
    const other = await createWorkspace(server, "dup-other");
    conflict(await server.call("PATCH", `/manage/v1/workspaces/${other}`, { token: t, body: { name: "dup-team" } }));

    await createApp(server, ws, "dup-app");
    conflict(await server.call("POST", "/manage/v1/apps", { token: t, body: { workspaceId: ws, type: "workflow", name: "dup-app" } }));
    const second = await createApp(server, ws, "dup-app-2");
    conflict(await server.call("PATCH", `/manage/v1/apps/${second}`, { token: t, body: { name: "dup-app" } }));
    await createApp(server, other, "dup-app");

    await createUser(server, { loginName: "dup-user" });
    conflict(await server.call("POST", "/manage/v1/users", { token: t, body: { loginName: "DUP-user", password: "a-good-password" } }));

    const racing = await Promise.all([
      ...[1, 2, 3].map(() => server.call("POST", "/manage/v1/workspaces", { token: t, body: { name: "race-team" } })),
      ...[1, 2, 3].map(() => server.call("POST", "/manage/v1/users", { token: t, body: { loginName: "race-user", password: "a-good-password" } })),
      ...[1, 2, 3].map(() => server.call("POST", "/manage/v1/apps", { token: t, body: { workspaceId: ws, type: "agent", name: "race-app" } })),
    ]);
    for (const group of [racing.slice(0, 3), racing.slice(3, 6), racing.slice(6)]) {
      expect(group.map((r) => r.status).sort()).toEqual([201, 409, 409]);
      for (const r of group.filter((r) => r.status === 409)) conflict(r);
    }
  });

  it("refuses a body over the configured limit with BadRequest.TooLarge", async () => {
    const res = await server.call("POST", "/manage/v1/workspaces", { token: server.adminToken, body: { name: "x".repeat(BODY_LIMIT) } });
    expectErrorBody(res);
    expect(res.body.code).toBe("BadRequest.TooLarge");
  });
});
