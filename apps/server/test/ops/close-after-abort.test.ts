import { testDialects } from "@appstudio/storage/testing";
import { describe, expect, it } from "vitest";
import { startDashScopeFixture } from "../support/dashscope-fixture.js";
import { until } from "./support/process-helpers.js";

/**
 * `close()` must never wait on a connection nobody uses. After a JSON call whose client gave up
 * (fetch aborted while the model was still thinking) fetch leaves a connection open that never
 * carries a request; node stops timing such connections out once the server closes, so close()
 * used to hang on it. The grace period here is far longer than the test's timeout.
 */
describe.each(testDialects())("close after an abandoned call (%s)", (dialect) => {
  it("closes at once after a fetch-aborted JSON call, with keep-alive connections open, and logs the call", async () => {
    const f = await startDashScopeFixture({ dialect, env: { APPSTUDIO_SHUTDOWN_GRACE_MS: "600000" } });
    const appId = await f.publishAgent();
    const key = await f.createKey();
    // A keep-alive connection left idle in fetch's pool.
    expect((await f.complete(appId, key.secret, { input: { prompt: "warm up" } })).status).toBe(200);

    f.model.script({ text: "too late", firstByteDelayMs: 60_000 });
    const before = f.model.requests.length;
    const abort = new AbortController();
    const call = fetch(`${f.server.url}/api/v1/apps/${appId}/completion`, {
      method: "POST",
      headers: { authorization: `Bearer ${key.secret}`, "content-type": "application/json" },
      body: JSON.stringify({ input: { prompt: "never mind" } }),
      signal: abort.signal,
    });
    await until(() => f.model.requests.length > before);
    abort.abort();
    await expect(call).rejects.toThrow();
    // The upstream request is cancelled with it.
    await f.model.waitForAbort(10_000);

    await f.server.container.callLog.flush();
    const logs = await f.server.call("GET", `/manage/v1/call-logs?appId=${appId}`, { token: f.server.adminToken });
    expect(logs.body.items.map((r: { status: number }) => r.status).sort()).toEqual([200, 499]);

    await f.server.close();
    await f.model.close();
    expect(f.server.container.lifecycle.draining).toBe(true);
  }, 30_000);
});
