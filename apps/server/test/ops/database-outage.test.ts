import { createTestDatabase, type TestDatabase } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DashScopeFixture, startDashScopeFixture } from "../support/dashscope-fixture.js";
import { eventually } from "./support/eventually.js";
import { startTcpProxy, type TcpProxy } from "./support/tcp-proxy.js";

/**
 * PostgreSQL goes away and comes back under a running server. The outage is a TCP proxy on
 * 127.0.0.1 that the test cuts, so the PostgreSQL other tests share is never stopped.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)("when PostgreSQL fails", () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let fx: DashScopeFixture;
  let appId: string;
  let key: string;

  beforeAll(async () => {
    db = await createTestDatabase("postgres");
    const target = new URL(db.url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(db.url);
    viaProxy.hostname = "127.0.0.1";
    viaProxy.port = String(proxy.port);
    fx = await startDashScopeFixture({ env: { DATABASE_URL: viaProxy.toString() } });
    appId = await fx.publishAgent();
    key = (await fx.createKey()).secret;
  });
  afterAll(async () => {
    await proxy?.restore().catch(() => {});
    await fx?.close();
    await proxy?.close();
    await db?.drop();
  });

  const readyz = () => fx.server.call("GET", "/readyz");

  it("turns readiness false, answers 503 at once, and recovers without a restart", async () => {
    expect((await readyz()).status).toBe(200);

    await proxy.cut();
    const notReady = await eventually(readyz, (r) => r.status === 503);
    expect(notReady.body.status).toBe("not_ready");
    expect(notReady.body.checks.database.status).toBe("fail");
    expect(JSON.stringify(notReady.body)).not.toContain(String(proxy.port));
    expect((await fx.server.call("GET", "/healthz")).status).toBe(200);

    const started = Date.now();
    const call = await fx.complete(appId, key, { input: { prompt: "hi" } });
    expect(Date.now() - started).toBeLessThan(6000);
    expect(call.status).toBe(503);
    expect(call.headers.get("retry-after")).toBe("5");
    expect(await call.json()).toMatchObject({ code: "ModelServingError" });

    const listing = await fx.server.call("GET", "/manage/v1/apps", { token: fx.server.adminToken });
    expect(listing.status).toBe(503);
    expect(listing.body).toMatchObject({ code: "ServiceUnavailable" });

    await proxy.restore();
    await eventually(readyz, (r) => r.status === 200);
    expect((await fx.complete(appId, key, { input: { prompt: "hi" } })).status).toBe(200);
    expect((await fx.server.call("GET", "/manage/v1/apps", { token: fx.server.adminToken })).status).toBe(200);
  });
});
