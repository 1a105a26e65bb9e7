import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type ChatChunk, isAppError } from "@appstudio/core";
import { type FakeModelServer, startFakeModelServer } from "@appstudio/core/testing";
import { createTestDatabase, testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../src/testing/index.js";
import { addMember, createToken, createUser, createWorkspace } from "./support/accounts.js";
import { expectError } from "./support/error-body.js";

const UPSTREAM_KEY = "sk-upstream-secret-0123456789abcdef";
const MASTER_KEY = "a-master-key-for-tests-that-is-long-enough";

async function collect(stream: AsyncIterable<ChatChunk>): Promise<string> {
  let text = "";
  for await (const chunk of stream) if (chunk.type === "text") text += chunk.delta;
  return text;
}

describe.each(testDialects())("model providers (%s)", (dialect) => {
  let server: TestServer;
  let model: FakeModelServer;
  let providerId: string;

  beforeAll(async () => {
    model = await startFakeModelServer({ apiKey: UPSTREAM_KEY, models: ["fake-model", "fake-other"] });
    server = await startTestServer({
      dialect,
      env: { APPSTUDIO_PROVIDERS: JSON.stringify([{ name: "cfg", baseUrl: model.url, apiKey: UPSTREAM_KEY, models: ["cfg-*"] }]) },
    });
  });
  afterAll(async () => {
    await server?.close();
    await model?.close();
  });

  const admin = (method: string, path: string, body?: unknown) =>
    server.call(method, `/manage/v1${path}`, { token: server.adminToken, ...(body ? { body } : {}) });

  it("adds a provider without ever returning or auditing its key", async () => {
    const created = await admin("POST", "/providers", { name: "fake", baseUrl: `${model.url}/`, apiKey: UPSTREAM_KEY, models: ["fake-*"] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    providerId = created.body.id;
    expect(created.body).toMatchObject({ name: "fake", baseUrl: model.url, models: ["fake-*"], hasApiKey: true, source: "api" });
    const list = await admin("GET", "/providers");
    expect(list.body.items.map((p: { name: string; source: string }) => [p.name, p.source])).toEqual([
      ["cfg", "config"],
      ["fake", "api"],
    ]);
    expect(list.body.items[0]).toMatchObject({ id: "config:cfg", hasApiKey: true });
    const audit = await admin("GET", "/audit-events?action=provider.create");
    expect(audit.body.items[0]).toMatchObject({ resourceId: providerId, details: { name: "fake", hasApiKey: true } });
    for (const body of [created.body, list.body, audit.body]) expect(JSON.stringify(body)).not.toContain(UPSTREAM_KEY.slice(3));
    const row = await server.container.database.db.selectFrom("model_providers").selectAll().where("id", "=", providerId).executeTakeFirstOrThrow();
    expect(row.api_key_sealed).toMatch(/^v1:/);
    expect(row.api_key_sealed).not.toContain(UPSTREAM_KEY);
  });

  it("validates input and refuses duplicate names", async () => {
    const bad = await admin("POST", "/providers", { name: "x", baseUrl: "ftp://example.com", models: ["a", "a", "b*c"] });
    expectError(bad, 400, "InvalidParameter");
    expect(bad.body.details.fields.map((f: { field: string }) => f.field)).toEqual(["baseUrl", "models[1]", "models[2]"]);
    expectError(await admin("POST", "/providers", { name: "empty", baseUrl: "http://127.0.0.1:9/v1", models: [] }), 400, "InvalidParameter");
    expectError(await admin("POST", "/providers", { name: "fake", baseUrl: "http://127.0.0.1:9/v1", models: ["m"] }), 409, "Conflict");
    expectError(await admin("POST", "/providers", { name: "cfg", baseUrl: "http://127.0.0.1:9/v1", models: ["m"] }), 409, "Conflict");
  });

  it("tests connections against the upstream, redacting refused keys", async () => {
    const ok = await admin("POST", `/providers/${providerId}/test`);
    expect(ok.body).toMatchObject({ ok: true, models: ["fake-model", "fake-other"] });
    expect(ok.body.latencyMs).toBeGreaterThanOrEqual(0);
    expect((await admin("POST", "/providers/config:cfg/test")).body).toMatchObject({ ok: true, models: ["fake-model", "fake-other"] });

    const wrongKey = await admin("POST", "/providers", { name: "wrong-key", baseUrl: model.url, apiKey: "sk-wrong-key-abcdef", models: ["wrong-*"] });
    const refused = await admin("POST", `/providers/${wrongKey.body.id}/test`);
    expect(refused.body.ok).toBe(false);
    expect(refused.body.error).toMatch(/./);
    expect(JSON.stringify(refused.body)).not.toContain("sk-wrong-key-abcdef");

    const down = await admin("POST", "/providers", { name: "down", baseUrl: "http://127.0.0.1:9/v1", models: ["down-*"] });
    expect((await admin("POST", `/providers/${down.body.id}/test`)).body).toMatchObject({ ok: false });
    expectError(await admin("POST", "/providers/mp-0000000000000000/test"), 404, "NotFound");
  });

  it("routes a model to the provider added through the API, with its decrypted key", async () => {
    const resolved = await server.container.models.router.resolve("fake-model");
    expect(resolved.provider.id).toBe("fake");
    const text = await collect(
      resolved.provider.stream({ model: resolved.upstreamModel, messages: [{ role: "user", content: "hi" }], signal: new AbortController().signal }),
    );
    expect(text).toBe("Echo: hi");
    expect(model.requests.at(-1)?.headers.authorization).toBe(`Bearer ${UPSTREAM_KEY}`);
    expect((await server.container.models.router.resolve("cfg-anything")).provider.id).toBe("cfg");
  });

  it("deletes API providers only, and the router forgets them at once", async () => {
    expectError(await admin("DELETE", "/providers/config:cfg"), 409, "Conflict");
    expect((await admin("DELETE", `/providers/${providerId}`)).status).toBe(200);
    expectError(await admin("DELETE", `/providers/${providerId}`), 404, "NotFound");
    const error = await server.container.models.router.resolve("fake-model").catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe("ModelNotConfigured");
    const audit = await admin("GET", "/audit-events?action=provider.delete");
    expect(audit.body.items[0]).toMatchObject({ resourceId: providerId, details: { name: "fake" } });
  });

  it("lets members read providers but only super administrators manage them", async () => {
    const member = await createUser(server);
    const workspace = await createWorkspace(server);
    await addMember(server, workspace, member.id, "admin");
    const memberToken = (await createToken(server, member)).secret;
    const control = (await createToken(server, await createUser(server, { policies: ["ControlFullAccess"] }))).secret;
    const loner = (await createToken(server, await createUser(server))).secret;
    const as = (token: string, method: string, path: string, body?: unknown) => server.call(method, `/manage/v1${path}`, { token, ...(body ? { body } : {}) });

    expect((await as(memberToken, "GET", "/providers")).status).toBe(200);
    expect((await as(control, "GET", "/providers")).status).toBe(200);
    expectError(await as(loner, "GET", "/providers"), 403, "InsufficientPermissions");
    expect((await as(loner, "GET", "/providers/status")).body.configured).toBe(true);
    for (const token of [memberToken, control]) {
      expectError(await as(token, "POST", "/providers", { name: "nope", baseUrl: "http://127.0.0.1:9/v1", models: ["m"] }), 403, "InsufficientPermissions");
      expectError(await as(token, "POST", "/providers/config:cfg/test"), 403, "InsufficientPermissions");
      expectError(await as(token, "DELETE", "/providers/config:cfg"), 403, "InsufficientPermissions");
    }
  });
});

describe.each(testDialects())("model providers across processes and on first start (%s)", (dialect) => {
  it("a provider added through one server process is routed by another within seconds", async () => {
    const model = await startFakeModelServer();
    const a = await startTestServer({ dialect, env: { APPSTUDIO_MASTER_KEY: MASTER_KEY } });
    const b = await startTestServer({ dialect, database: a.database, env: { APPSTUDIO_MASTER_KEY: MASTER_KEY } });
    try {
      // b has loaded (and cached) the empty list before a adds the provider.
      await expect(b.container.models.router.resolve("shared-model")).rejects.toMatchObject({ code: "ModelNotConfigured" });
      const created = await a.call("POST", "/manage/v1/providers", { token: a.adminToken, body: { name: "shared", baseUrl: model.url, models: ["shared-*"] } });
      expect(created.status).toBe(201);
      const started = Date.now();
      await expect
        .poll(
          () =>
            b.container.models.router.resolve("shared-model").then(
              (r) => r.provider.id,
              () => null,
            ),
          { timeout: 8000, interval: 100 },
        )
        .toBe("shared");
      expect(Date.now() - started).toBeLessThan(6500);
    } finally {
      await b.close();
      await a.close();
      await model.close();
    }
  });

  it("creates a DashScope provider from DASHSCOPE_API_KEY once, not again on restart", async () => {
    const database = await createTestDatabase(dialect);
    const env = { DASHSCOPE_API_KEY: "sk-dashscope-secret-key", APPSTUDIO_MASTER_KEY: MASTER_KEY };
    try {
      for (let start = 0; start < 2; start++) {
        const server = await startTestServer({ dialect, database, env });
        try {
          const list = await server.call("GET", "/manage/v1/providers", { token: server.adminToken });
          expect(list.body.items).toEqual([
            expect.objectContaining({ name: "dashscope", baseUrl: "https://dashscope.aliyuncs.com/compatible-mode/v1", hasApiKey: true, source: "api" }),
          ]);
          expect((await server.container.models.router.resolve("qwen-plus")).provider.id).toBe("dashscope");
          const audit = await server.call("GET", "/manage/v1/audit-events?action=provider.create", { token: server.adminToken });
          expect(audit.body.total).toBe(1);
          expect(audit.body.items[0].details).toMatchObject({ source: "environment" });
          expect(JSON.stringify(audit.body)).not.toContain("sk-dashscope-secret-key");
        } finally {
          await server.close();
        }
      }
    } finally {
      await database.drop();
    }
  });

  it("detects an Ollama server answering on its address, and says what to configure when nothing is found", async () => {
    const ollama: Server = createServer((req, res) => {
      if (req.url !== "/api/tags") return res.writeHead(404).end();
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ models: [{ name: "llama3.2:latest" }, { name: "qwen2.5:7b" }] }));
    });
    await new Promise<void>((resolve) => ollama.listen(0, "127.0.0.1", resolve));
    const ollamaUrl = `http://127.0.0.1:${(ollama.address() as AddressInfo).port}`;
    const found = await startTestServer({ dialect, env: { APPSTUDIO_PROBE_OLLAMA: "true", OLLAMA_HOST: ollamaUrl } });
    try {
      const list = await found.call("GET", "/manage/v1/providers", { token: found.adminToken });
      expect(list.body.items).toEqual([
        expect.objectContaining({
          name: "ollama",
          baseUrl: `${ollamaUrl}/v1`,
          hasApiKey: false,
          models: ["llama3.2:latest", "llama3.2", "qwen2.5:7b", "ollama/*"],
        }),
      ]);
      const routed = await found.container.models.router.resolve("ollama/mistral");
      expect(routed).toMatchObject({ upstreamModel: "mistral" });
    } finally {
      await found.close();
      await new Promise((resolve) => ollama.close(resolve));
    }

    // Nothing answers there now: no provider, and the status says what to do.
    const none = await startTestServer({ dialect, env: { APPSTUDIO_PROBE_OLLAMA: "true", OLLAMA_HOST: ollamaUrl } });
    try {
      expect((await none.call("GET", "/manage/v1/providers", { token: none.adminToken })).body.items).toEqual([]);
      const status = await none.call("GET", "/manage/v1/providers/status", { token: none.adminToken });
      expect(status.body.configured).toBe(false);
      expect(status.body.message).toContain("DASHSCOPE_API_KEY");
      await expect(none.container.models.router.resolve("qwen-plus")).rejects.toMatchObject({ code: "ModelNotConfigured" });
    } finally {
      await none.close();
    }
  });
});
