import { type FakeModelServer, startFakeModelServer } from "@appstudio/core/testing";
import { createTestDatabase, type TestDatabase } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServerProcess, startServerProcess } from "../support/server-process.js";

const PASSWORD = "two-process-password";

/**
 * Scale-out: two server processes on one database (PostgreSQL in CI) and one Redis share
 * sessions, rate limits and key revocation. Without TEST_DATABASE_URL the processes share a
 * SQLite file, which still proves sessions and revocation; the shared rate limit needs Redis.
 */
describe("two server processes", () => {
  const dialect = process.env.TEST_DATABASE_URL ? "postgres" : "sqlite";
  const redisUrl = process.env.TEST_REDIS_URL;
  let db: TestDatabase;
  let model: FakeModelServer;
  let a: ServerProcess;
  let b: ServerProcess;
  let token: string;
  let appId: string;
  let key: { id: string; secret: string };

  const api = async (base: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return res.json();
  };
  const complete = (base: string, body: unknown) =>
    fetch(`${base}/api/v1/apps/${appId}/completion`, {
      method: "POST",
      headers: { authorization: `Bearer ${key.secret}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    if (process.env.CI && (!process.env.TEST_DATABASE_URL || !redisUrl)) throw new Error("CI must provide TEST_DATABASE_URL and TEST_REDIS_URL");
    db = await createTestDatabase(dialect);
    model = await startFakeModelServer();
    const env = {
      DATABASE_URL: db.url,
      APPSTUDIO_ADMIN_PASSWORD: PASSWORD,
      APPSTUDIO_MASTER_KEY: "a-shared-master-key-for-both-processes-000",
      APPSTUDIO_PROVIDERS: JSON.stringify([{ name: "fake", baseUrl: model.url, models: ["*"] }]),
      APPSTUDIO_APP_RPM: "6",
      ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    };
    a = await startServerProcess({ ...env, APPSTUDIO_DATA_DIR: `/tmp/appstudio-a-${process.pid}` });
    b = await startServerProcess({ ...env, APPSTUDIO_DATA_DIR: `/tmp/appstudio-b-${process.pid}` });
    const signIn = await fetch(`${a.url}/manage/v1/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ loginName: "admin", password: PASSWORD }),
    });
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
    const pat = await fetch(`${a.url}/manage/v1/tokens`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ name: "t" }),
    });
    token = (await pat.json()).secret;
    const workspaces = await api(a.url, "GET", "/manage/v1/workspaces");
    expect(workspaces.items).toHaveLength(1);
    const workspaceId = workspaces.items[0].id;
    const app = await api(a.url, "POST", "/manage/v1/apps", {
      workspaceId,
      type: "agent",
      name: "shared",
      config: { model: "fake-model", instructions: "", dialogRounds: 5, tools: [] },
    });
    appId = app.id;
    await api(a.url, "POST", `/manage/v1/apps/${appId}/publish`, {});
    const created = await api(a.url, "POST", "/manage/v1/api-keys", { workspaceId });
    key = { id: created.key.id, secret: created.secret };
  }, 90_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await model?.close();
    await db?.drop();
  });

  it("created one main account and one default workspace between them", async () => {
    const users = await api(b.url, "GET", "/manage/v1/users");
    expect(users.items.filter((u: { isMain: boolean }) => u.isMain)).toHaveLength(1);
  });

  it("continues on B a session started on A", async () => {
    const first = await (await complete(a.url, { input: { prompt: "remember: blue" } })).json();
    const before = model.requests.length;
    const second = await (await complete(b.url, { input: { prompt: "what colour?", session_id: first.output.session_id } })).json();
    expect(second.output.session_id).toBe(first.output.session_id);
    const sent = model.requests[before]?.body.messages?.map((m) => m.content);
    expect(sent).toContain("remember: blue");
  });

  it.runIf(Boolean(redisUrl))("shares one rate limit between the processes (Redis)", async () => {
    // Two calls were made above; the limit is 6 per minute per app across both processes.
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await complete(i % 2 === 0 ? a.url : b.url, { input: { prompt: "x" } })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });

  it("refuses on B a key disabled on A", async () => {
    await api(a.url, "POST", `/manage/v1/api-keys/${key.id}/disable`);
    const res = await complete(b.url, { input: { prompt: "x" } });
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe("InvalidApiKey");
  });
});
