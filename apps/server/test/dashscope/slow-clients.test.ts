import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DashScopeFixture, parseSse, startDashScopeFixture } from "../support/dashscope-fixture.js";
import { rawExchange } from "../support/raw-http.js";

const TIMEOUT_MS = 300;

/**
 * A client that stops sending its headers or its body may hold a connection only for the
 * configured request timeout; a response that takes long (SSE, a slow model) is not limited.
 * Bodies that keep arriving slowly: slow-bodies.test.ts.
 */
describe("request timeout (APPSTUDIO_REQUEST_TIMEOUT_MS)", () => {
  let f: DashScopeFixture;
  let key: string;
  let appId: string;
  beforeAll(async () => {
    f = await startDashScopeFixture({ env: { APPSTUDIO_REQUEST_TIMEOUT_MS: String(TIMEOUT_MS) } });
    key = (await f.createKey()).secret;
    appId = await f.publishAgent();
  });
  afterAll(() => f?.close());

  /** Sends a request that stops short, and reports what came back and when the server hung up. */
  async function stopShort(bytes: string) {
    const started = performance.now();
    const res = await rawExchange(f.server.url, bytes);
    return { ...res, elapsed: performance.now() - started };
  }

  it.each([
    [
      "a body shorter than its Content-Length (app API)",
      () =>
        `POST /api/v1/apps/${appId}/completion HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"input":`,
    ],
    [
      "a body shorter than its Content-Length (management API)",
      () =>
        `POST /manage/v1/workspaces HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${f.server.adminToken}\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{"na`,
    ],
    ["headers that never end", () => `POST /api/v1/apps/${appId}/completion HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${key}\r\n`],
  ])("answers 408 and closes the connection for %s", async (_name, request) => {
    const res = await stopShort(request());
    expect(res.status).toBe(408);
    expect(res.elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
    // Node checks every tenth of the limit; the rest is slack for a busy machine.
    expect(res.elapsed).toBeLessThan(TIMEOUT_MS + 2000);
  });

  it("closes a connection whose body never ends also after an early error answer", async () => {
    const res = await stopShort(
      `POST /api/v1/apps/${appId}/completion HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer sk-wrong\r\nContent-Length: 100\r\n\r\n{`,
    );
    expect(res.status).toBe(401);
    expect(res.elapsed).toBeLessThan(TIMEOUT_MS + 2000);
  });

  it("streams an SSE answer that lasts longer than the request timeout to the end", async () => {
    f.model.script({ text: "one two three four five six", chunks: 6, delayMs: 150 });
    const started = performance.now();
    const res = await f.complete(appId, key, { input: { prompt: "x" }, parameters: { incremental_output: true } }, { "X-DashScope-SSE": "enable" });
    const events = parseSse(await res.text());
    expect(performance.now() - started).toBeGreaterThan(TIMEOUT_MS * 2);
    expect(res.status).toBe(200);
    expect(events.map((e) => e.data.output.text).join("")).toBe("one two three four five six");
    expect(events.at(-1)?.data.output.finish_reason).toBe("stop");
  });

  it("answers a JSON call whose model is slower than the request timeout", async () => {
    f.model.script({ text: "late but fine", firstByteDelayMs: TIMEOUT_MS * 2 });
    const res = await f.complete(appId, key, { input: { prompt: "x" } });
    expect(res.status).toBe(200);
    expect((await res.json()).output.text).toBe("late but fine");
  });
});
