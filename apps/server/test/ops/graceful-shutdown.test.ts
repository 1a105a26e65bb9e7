import { mkdtempSync, rmSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FakeModelServer, startFakeModelServer } from "@appstudio/core/testing";
import { createTestDatabase, type TestDatabase } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSse } from "../support/dashscope-fixture.js";
import { type ServerProcess, startServerProcess } from "../support/server-process.js";
import { exitOf, readEvents, refusesConnections, until, waitForOutput } from "./support/process-helpers.js";
import { completion, manage, type Seeded, seedOverHttp } from "./support/seed-over-http.js";

const PASSWORD = "graceful-shutdown-password";

/**
 * A real server process, a client mid-stream against a slow fake model, and SIGTERM: the stream
 * completes, the process exits 0, and the call is in the call log after a restart. On PostgreSQL
 * too when TEST_DATABASE_URL is set.
 */
describe("graceful shutdown of a server process", () => {
  const dialect = process.env.TEST_DATABASE_URL ? "postgres" : "sqlite";
  let db: TestDatabase;
  let model: FakeModelServer;
  let dataDir: string;
  let seeded: Seeded;
  const running: ServerProcess[] = [];

  const start = async (env: Record<string, string> = {}) => {
    const server = await startServerProcess({
      DATABASE_URL: db.url,
      APPSTUDIO_DATA_DIR: dataDir,
      APPSTUDIO_ADMIN_PASSWORD: PASSWORD,
      APPSTUDIO_PROVIDERS: JSON.stringify([{ name: "fake", baseUrl: model.url, models: ["*"] }]),
      ...env,
    });
    running.push(server);
    return server;
  };
  const callLogRow = async (base: string, requestId: string) => manage(base, seeded.token, "GET", `/manage/v1/call-logs/${requestId}`);

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    model = await startFakeModelServer();
    dataDir = mkdtempSync(join(tmpdir(), "appstudio-shutdown-"));
    const first = await start();
    seeded = await seedOverHttp(first.url, PASSWORD);
    await first.stop();
  }, 60_000);

  afterAll(async () => {
    await Promise.all(running.map((s) => s.stop()));
    await model?.close();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("on SIGTERM stops accepting, lets the running stream finish, records the call and exits 0", async () => {
    const server = await start({ APPSTUDIO_SHUTDOWN_GRACE_MS: "20000" });
    model.script({ text: "one two three four five six", chunks: 6, delayMs: 150 });
    const res = await completion(server.url, seeded, "stream please", { stream: true });
    expect(res.status).toBe(200);
    const requestId = res.headers.get("x-request-id")!;
    const stream = await readEvents(res.body!, 1);

    server.child.kill("SIGTERM");
    await waitForOutput(server.output, "SIGTERM received", server.child);
    // The listener is closed while the stream still runs: new connections are refused.
    let refused = false;
    for (let i = 0; i < 100 && !refused; i++) refused = await refusesConnections(server.url);
    expect(refused).toBe(true);

    const events = parseSse(await stream.rest());
    expect(events.every((e) => e.event === "result")).toBe(true);
    expect(events.at(-1)!.data.output.finish_reason).toBe("stop");
    expect(events.map((e) => e.data.output.text).join("")).toContain("six");
    expect(await exitOf(server.child)).toEqual({ code: 0, signal: null });

    const again = await start();
    const row = await callLogRow(again.url, requestId);
    expect(row).toMatchObject({ requestId, status: 200, streamed: true, appId: seeded.appId });
    await again.stop();
  }, 60_000);

  it("closes a keep-alive connection after its current response instead of keeping it open", async () => {
    const server = await start();
    model.script({ text: "slow answer", chunks: 2, firstByteDelayMs: 400 });
    const before = model.requests.length;
    const agent = new Agent({ keepAlive: true });
    const answer = new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
      const req = httpRequest(
        `${server.url}/api/v1/apps/${seeded.appId}/completion`,
        { method: "POST", agent, headers: { authorization: `Bearer ${seeded.key.secret}`, "content-type": "application/json" } },
        (res) => {
          let body = "";
          res.on("data", (c: Buffer) => (body += c.toString()));
          res.on("end", () => resolve({ status: res.statusCode!, connection: res.headers.connection, body }));
        },
      );
      req.on("error", reject);
      req.end(JSON.stringify({ input: { prompt: "json please" } }));
    });
    // Once the model has the request, the call is running: now the signal.
    await until(() => model.requests.length > before);
    server.child.kill("SIGTERM");
    const { status, connection, body } = await answer;
    expect(status).toBe(200);
    expect(JSON.parse(body).output.text).toBe("slow answer");
    expect(connection).toBe("close");
    expect(await exitOf(server.child)).toEqual({ code: 0, signal: null });
    agent.destroy();
  }, 60_000);

  it("ends streams still open at the end of the grace period with a final ServiceUnavailable event", async () => {
    const server = await start({ APPSTUDIO_SHUTDOWN_GRACE_MS: "300" });
    model.script({ text: "a b c d e f g h i j", chunks: 10, delayMs: 1000 });
    const res = await completion(server.url, seeded, "very slow", { stream: true });
    const requestId = res.headers.get("x-request-id")!;
    const stream = await readEvents(res.body!, 1);
    server.child.kill("SIGTERM");

    const events = parseSse(await stream.rest());
    const last = events.at(-1)!;
    expect(last.event).toBe("error");
    expect(last.status).toBe("503");
    // The app API spells ServiceUnavailable as DashScope's 503 code (docs/operations.md#when-dependencies-fail).
    expect(last.data).toMatchObject({ code: "ModelServingError", request_id: requestId });
    expect(await exitOf(server.child)).toEqual({ code: 0, signal: null });

    const again = await start();
    expect(await callLogRow(again.url, requestId)).toMatchObject({ status: 503, errorCode: "ServiceUnavailable", streamed: true });
    await again.stop();
  }, 60_000);

  it("exits at once with 143 on a second SIGTERM", async () => {
    const server = await start({ APPSTUDIO_SHUTDOWN_GRACE_MS: "60000" });
    model.script({ text: "never finished", chunks: 10, delayMs: 5000 });
    const res = await completion(server.url, seeded, "hold on", { stream: true });
    const stream = await readEvents(res.body!, 1);
    server.child.kill("SIGTERM");
    await waitForOutput(server.output, "SIGTERM received", server.child);
    server.child.kill("SIGTERM");
    expect(await exitOf(server.child)).toEqual({ code: 143, signal: null });
    // The stream was cut, not finished.
    const rest = await stream.rest().catch(() => "");
    expect(rest).not.toContain('"finish_reason":"stop"');
  }, 60_000);
});
