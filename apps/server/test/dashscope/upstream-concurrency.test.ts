import { type FakeModelServer, startFakeModelServer } from "@appstudio/core/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../src/testing/index.js";

const SSE = { "X-DashScope-SSE": "enable" };

/** A fake model whose replies wait for `open()`: calls stay open upstream, sending nothing. */
async function heldModel() {
  const model = await startFakeModelServer();
  let open!: () => void;
  let gate = new Promise<void>((r) => (open = r));
  model.setDefault(async () => {
    await gate;
    return { text: "released" };
  });
  return {
    model,
    release() {
      open();
      gate = new Promise<void>((r) => (open = r));
    },
    async untilHeld(count: number) {
      while (model.requests.filter((r) => r.path.endsWith("/chat/completions")).length < count) await new Promise((r) => setTimeout(r, 5));
    },
  };
}

async function publishAgent(server: TestServer, workspaceId: string, model: string): Promise<string> {
  const token = server.adminToken;
  const created = await server.call("POST", "/manage/v1/apps", {
    token,
    body: { workspaceId, type: "agent", name: model, config: { model, instructions: "hi", dialogRounds: 0, tools: [] } },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect((await server.call("POST", `/manage/v1/apps/${created.body.id}/publish`, { token, body: {} })).status).toBe(200);
  return created.body.id;
}

/**
 * Calls over a provider's concurrent-call limit get a 429 `Throttling` at once (or after a
 * bounded wait), never a silent queue; the limit is per provider.
 */
describe("upstream concurrency limit", () => {
  let held: Awaited<ReturnType<typeof heldModel>>;
  let other: FakeModelServer;
  let server: TestServer;
  let key: string;
  let heldApp: string;
  let otherApp: string;
  const complete = (app: string, headers: Record<string, string> = {}) =>
    server.call("POST", `/api/v1/apps/${app}/completion`, { token: key, headers, body: { input: { prompt: "hello" }, parameters: {} } });

  beforeAll(async () => {
    held = await heldModel();
    other = await startFakeModelServer();
    const providers = [
      { name: "small-gpu", baseUrl: held.model.url, models: ["held-model"], maxConcurrent: 3 },
      { name: "big-cluster", baseUrl: other.url, models: ["other-model"] },
    ];
    server = await startTestServer({ env: { APPSTUDIO_PROVIDERS: JSON.stringify(providers) } });
    const workspaceId = (await server.call("GET", "/manage/v1/workspaces", { token: server.adminToken })).body.items[0].id;
    heldApp = await publishAgent(server, workspaceId, "held-model");
    otherApp = await publishAgent(server, workspaceId, "other-model");
    key = (await server.call("POST", "/manage/v1/api-keys", { token: server.adminToken, body: { workspaceId } })).body.secret;
  });
  afterEach(() => held.release());
  afterAll(async () => {
    await server?.close();
    await held?.model.close();
    await other?.close();
  });

  it("refuses the call over the limit with 429 Throttling while the others stream, and serves it once a place is free", async () => {
    const open = [complete(heldApp, SSE), complete(heldApp), complete(heldApp, SSE)];
    await held.untilHeld(3);

    for (const headers of [{}, SSE]) {
      const refused = await complete(heldApp, headers);
      expect(refused.status).toBe(429);
      expect(refused.body.code).toBe("Throttling");
      expect(refused.body.message).toContain("concurrent calls");
      expect(refused.body.request_id).toBeTruthy();
      expect(refused.headers.get("retry-after")).toBe("1");
    }
    // Another provider has its own limit.
    const elsewhere = await complete(otherApp);
    expect(elsewhere.status).toBe(200);

    held.release();
    for (const answered of await Promise.all(open)) {
      expect(answered.status).toBe(200);
      expect(JSON.stringify(answered.body)).toContain("released");
    }
    // Every place was given back.
    const again = [complete(heldApp), complete(heldApp), complete(heldApp)];
    await held.untilHeld(6);
    held.release();
    for (const answered of await Promise.all(again)) expect(answered.status).toBe(200);
  });
});

describe("upstream concurrency limit with a bounded wait", () => {
  let held: Awaited<ReturnType<typeof heldModel>>;
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
    await held?.model.close();
  });

  async function serve(queueMs: number) {
    const providers = [{ name: "one-at-a-time", baseUrl: held.model.url, models: ["held-model"] }];
    const server = await startTestServer({
      env: { APPSTUDIO_PROVIDERS: JSON.stringify(providers), APPSTUDIO_UPSTREAM_MAX_CONCURRENT: "1", APPSTUDIO_UPSTREAM_QUEUE_TIMEOUT_MS: String(queueMs) },
    });
    servers.push(server);
    const workspaceId = (await server.call("GET", "/manage/v1/workspaces", { token: server.adminToken })).body.items[0].id;
    const app = await publishAgent(server, workspaceId, "held-model");
    const key = (await server.call("POST", "/manage/v1/api-keys", { token: server.adminToken, body: { workspaceId } })).body.secret;
    return () => server.call("POST", `/api/v1/apps/${app}/completion`, { token: key, body: { input: { prompt: "hello" }, parameters: {} } });
  }

  beforeAll(async () => {
    held = await heldModel();
  });

  it("lets a waiting call through when a place frees up within the wait", async () => {
    const complete = await serve(60_000);
    const before = held.model.requests.length;
    const first = complete();
    await held.untilHeld(before + 1);
    const second = complete();
    held.release();
    expect((await first).status).toBe(200);
    await held.untilHeld(before + 2);
    held.release();
    expect((await second).status).toBe(200);
  });

  it("refuses a waiting call with 429 Throttling when the wait runs out", async () => {
    const complete = await serve(50);
    const before = held.model.requests.length;
    const first = complete();
    await held.untilHeld(before + 1);
    const refused = await complete();
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe("Throttling");
    held.release();
    expect((await first).status).toBe(200);
  });
});
