import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_ADMIN_PASSWORD } from "../../src/testing/index.js";
import { type DashScopeFixture, startDashScopeFixture } from "../support/dashscope-fixture.js";
import { eventually } from "./support/eventually.js";
import { type RedisProcess, startRedisProcess } from "./support/redis-process.js";

/**
 * Redis goes away and comes back under a running server (a real redis-server on its own port):
 * readiness turns false, calls that need Redis fail at once with a documented 503, calls that
 * do not keep working, and everything recovers without a restart.
 */
describe("when Redis fails", () => {
  let redis: RedisProcess;
  let fx: DashScopeFixture;
  let appId: string;
  let key: string;

  beforeAll(async () => {
    redis = await startRedisProcess();
    fx = await startDashScopeFixture({ env: { REDIS_URL: redis.url } });
    appId = await fx.publishAgent();
    key = (await fx.createKey()).secret;
  });
  afterAll(async () => {
    await fx?.close();
    await redis?.stop();
  });

  const readyz = () => fx.server.call("GET", "/readyz");
  const signIn = () => fx.server.call("POST", "/manage/v1/session", { body: { loginName: "admin", password: TEST_ADMIN_PASSWORD } });

  it("is ready while Redis answers, and names each check", async () => {
    const ready = await readyz();
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: "ready", checks: { database: { status: "ok" }, migrations: { status: "ok" }, redis: { status: "ok" } } });
    expect((await fx.complete(appId, key, { input: { prompt: "hi" } })).status).toBe(200);
  });

  it("fails fast with 503 and Retry-After while Redis is down, stays alive, and recovers by itself", async () => {
    await redis.stop();

    const notReady = await eventually(readyz, (r) => r.status === 503);
    expect(notReady.body.status).toBe("not_ready");
    expect(notReady.body.checks.redis.status).toBe("fail");
    expect(notReady.body.checks.database).toEqual({ status: "ok" });
    // Liveness asks no dependency: an orchestrator must not restart a process for Redis's outage.
    expect((await fx.server.call("GET", "/healthz")).body).toEqual({ status: "ok" });

    // The app API counts rate limits in Redis: a DashScope 503 the SDKs retry, at once rather than after a hang.
    const started = Date.now();
    const call = await fx.complete(appId, key, { input: { prompt: "hi" } });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(call.status).toBe(503);
    expect(call.headers.get("retry-after")).toBe("5");
    const body = await call.json();
    expect(body).toMatchObject({ code: "ModelServingError", message: "The service is temporarily unavailable, please try again later." });
    expect(body.request_id).toBe(call.headers.get("x-request-id"));
    expect(JSON.stringify(body)).not.toContain("127.0.0.1");

    // Sign-in throttling lives in Redis too: the management API's own 503 (never a 500, never let through unthrottled).
    const refused = await signIn();
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("5");
    expect(refused.body).toMatchObject({ code: "ServiceUnavailable" });

    // What needs only the database keeps working.
    expect((await fx.server.call("GET", "/manage/v1/apps", { token: fx.server.adminToken })).status).toBe(200);

    await redis.start();
    await eventually(readyz, (r) => r.status === 200);
    expect((await fx.complete(appId, key, { input: { prompt: "hi" } })).status).toBe(200);
    expect((await signIn()).status).toBe(200);
  });
});
