import { afterEach, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../src/testing/test-server.js";

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  req?: { method: string; url: string };
  res?: { statusCode: number };
  responseTime?: number;
}

/** The request log at the default level: errors and slow requests, one self-contained line each; nothing else per request. */
describe("request log", () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function serverLogging(level: string, env: Record<string, string> = {}) {
    const lines: LogLine[] = [];
    server = await startTestServer({ env, log: { level, stream: { write: (line) => void lines.push(JSON.parse(line)) } } });
    return lines;
  }
  const linesOf = (lines: LogLine[], requestId: string | null) => lines.filter((l) => l.reqId === requestId);

  it("at info: a fast success writes no line, an error one line with the request, its status and its time", async () => {
    const lines = await serverLogging("info");
    const ok = await server!.call("GET", "/healthz");
    expect(ok.status).toBe(200);
    const refused = await server!.call("POST", "/api/v1/apps/0123456789abcdef0123456789abcdef/completion", {
      headers: { authorization: "Bearer sk-wrong" },
      body: { input: { prompt: "hi" } },
    });
    expect(refused.status).toBe(401);
    expect(linesOf(lines, ok.headers.get("x-request-id"))).toEqual([]);
    const logged = linesOf(lines, refused.headers.get("x-request-id"));
    expect(logged).toEqual([
      expect.objectContaining({
        level: 30,
        msg: "request completed",
        req: expect.objectContaining({ method: "POST", url: "/api/v1/apps/0123456789abcdef0123456789abcdef/completion" }),
        res: { statusCode: 401 },
        responseTime: expect.any(Number),
      }),
    ]);
    expect(JSON.stringify(logged)).not.toContain("sk-wrong");
  });

  it("logs a request slower than APPSTUDIO_SLOW_REQUEST_MS at info", async () => {
    const lines = await serverLogging("info", { APPSTUDIO_SLOW_REQUEST_MS: "0" });
    const ok = await server!.call("GET", "/healthz");
    expect(linesOf(lines, ok.headers.get("x-request-id"))).toEqual([
      expect.objectContaining({ level: 30, msg: "request completed", req: expect.objectContaining({ url: "/healthz" }), res: { statusCode: 200 } }),
    ]);
  });

  it("at debug: every request, incoming and completed", async () => {
    const lines = await serverLogging("debug");
    const ok = await server!.call("GET", "/healthz");
    expect(linesOf(lines, ok.headers.get("x-request-id")).map((l) => [l.level, l.msg])).toEqual([
      [20, "incoming request"],
      [20, "request completed"],
    ]);
  });
});
