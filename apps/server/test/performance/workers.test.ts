import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FakeModelServer, startFakeModelServer } from "@appstudio/core/testing";
import { createTestDatabase, type TestDatabase } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { exitOf } from "../ops/support/process-helpers.js";
import { type Seeded, seedOverHttp } from "../ops/support/seed-over-http.js";
import { type ServerProcess, startServerProcess } from "../support/server-process.js";

const PASSWORD = "workers-test-password";
const METRICS_TOKEN = "a-metrics-token-for-the-workers-test";

/** The sum of every series of `metric` in Prometheus text. */
function total(text: string, metric: string): number {
  return text
    .split("\n")
    .filter((line) => line.startsWith(`${metric}{`) || line.startsWith(`${metric} `))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
}

/** The server processes whose parent is `pid` (the cluster's workers; tsx's esbuild service is a child too). */
function childrenOf(pid: number): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        // Field 4 of /proc/PID/stat is the parent; the name in field 2 may hold spaces, so split after it.
        const parent = Number(readFileSync(`/proc/${name}/stat`, "utf8").split(") ")[1]?.split(" ")[1]);
        return parent === pid && readFileSync(`/proc/${name}/cmdline`, "utf8").includes("main.");
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Which of `pids` holds the server end of our connection from local port `clientPort` to `serverPort` (Linux /proc). */
function processServing(pids: number[], serverPort: number, clientPort: number): number | undefined {
  const hex = (port: number) => port.toString(16).toUpperCase().padStart(4, "0");
  const line = readFileSync("/proc/net/tcp", "utf8")
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .find((f) => f[1]?.endsWith(`:${hex(serverPort)}`) && f[2]?.endsWith(`:${hex(clientPort)}`));
  const inode = line?.[9];
  return pids.find((pid) => {
    try {
      return readdirSync(`/proc/${pid}/fd`).some((fd) => readlinkSync(`/proc/${pid}/fd/${fd}`) === `socket:[${inode}]`);
    } catch {
      return false;
    }
  });
}

/**
 * `APPSTUDIO_WORKERS=2`: a primary and two server processes behind one port, sharing the database.
 * Calls succeed on both, a key disabled through one worker is refused by the other within a
 * second, a crashed worker is replaced, and SIGTERM stops them all. On PostgreSQL too when
 * TEST_DATABASE_URL is set (SQLite otherwise: one file, several writer processes).
 */
describe.runIf(process.platform === "linux")("serve with two workers", () => {
  const dialect = process.env.TEST_DATABASE_URL ? "postgres" : "sqlite";
  let db: TestDatabase;
  let model: FakeModelServer;
  let dataDir: string;
  let server: ServerProcess;
  let seeded: Seeded;
  let port: number;

  /** A call over `agent`'s one kept-alive connection; also says which local port that connection uses. */
  const call = (agent: Agent, method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    new Promise<{ status: number; body: any; localPort: number }>((resolve, reject) => {
      const req = request(
        `${server.url}${path}`,
        { method, agent, headers: { ...headers, ...(body ? { "content-type": "application/json" } : {}) } },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (c: string) => (text += c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined, localPort: req.socket?.localPort ?? 0 }));
        },
      );
      req.on("error", reject);
      req.end(body ? JSON.stringify(body) : undefined);
    });
  const complete = (agent: Agent) =>
    call(agent, "POST", `/api/v1/apps/${seeded.appId}/completion`, { authorization: `Bearer ${seeded.key.secret}` }, { input: { prompt: "hi" } });
  const manage = (agent: Agent, method: string, path: string) => call(agent, method, path, { authorization: `Bearer ${seeded.token}` }, {});

  /** Two kept-alive connections that reach different workers (node:cluster hands new connections round the workers). */
  async function connectionsToBothWorkers(): Promise<{ a: Agent; b: Agent; workers: number[] }> {
    const workers = childrenOf(server.child.pid!);
    expect(workers).toHaveLength(2);
    const a = new Agent({ keepAlive: true, maxSockets: 1 });
    const workerOfA = processServing(workers, port, (await complete(a)).localPort);
    for (let i = 0; i < 10; i++) {
      const b = new Agent({ keepAlive: true, maxSockets: 1 });
      const workerOfB = processServing(workers, port, (await complete(b)).localPort);
      if (workerOfA !== undefined && workerOfB !== undefined && workerOfA !== workerOfB) return { a, b, workers };
      b.destroy();
    }
    throw new Error("no connection reached the second worker");
  }

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    model = await startFakeModelServer();
    dataDir = mkdtempSync(join(tmpdir(), "appstudio-workers-"));
    server = await startServerProcess({
      DATABASE_URL: db.url,
      APPSTUDIO_DATA_DIR: dataDir,
      APPSTUDIO_ADMIN_PASSWORD: PASSWORD,
      APPSTUDIO_WORKERS: "2",
      APPSTUDIO_METRICS_TOKEN: METRICS_TOKEN,
      APPSTUDIO_PROVIDERS: JSON.stringify([{ name: "fake", baseUrl: model.url, models: ["*"] }]),
    });
    port = Number(new URL(server.url).port);
    seeded = await seedOverHttp(server.url, PASSWORD);
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
    await model?.close();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("announces the workers once, and both answer calls", async () => {
    expect(server.output().match(/appstudio is running/g)).toHaveLength(1);
    expect(server.output()).toContain("(2 workers)");
    const { a, b } = await connectionsToBothWorkers();
    for (const agent of [a, b]) {
      const res = await complete(agent);
      expect(res.status).toBe(200);
      expect(res.body.output.text).toBeTruthy();
    }
    a.destroy();
    b.destroy();
  });

  it("refuses, within a second, on one worker a key disabled through the other", async () => {
    const { a, b } = await connectionsToBothWorkers();
    // Both workers have just accepted (and cached) the key.
    expect((await manage(a, "POST", `/manage/v1/api-keys/${seeded.key.id}/disable`)).status).toBe(200);
    await vi.waitFor(async () => expect((await complete(b)).status).toBe(401), { timeout: 1000, interval: 50 });
    expect((await complete(a)).status).toBe(401);
    expect((await manage(b, "POST", `/manage/v1/api-keys/${seeded.key.id}/enable`)).status).toBe(200);
    await vi.waitFor(async () => expect((await complete(a)).status).toBe(200), { timeout: 1000, interval: 50 });
    a.destroy();
    b.destroy();
  });

  it("answers /metrics on any worker with the sum of all workers", async () => {
    const { a, b } = await connectionsToBothWorkers();
    const scrape = (agent: Agent) =>
      new Promise<string>((resolve, reject) => {
        const req = request(`${server.url}/metrics`, { agent, headers: { authorization: `Bearer ${METRICS_TOKEN}` } }, (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (c: string) => (text += c));
          res.on("end", () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`status ${res.statusCode}`))));
        });
        req.on("error", reject);
        req.end();
      });
    const before = total(await scrape(a), "appstudio_app_calls_total");
    // One call on each worker: a scrape through either one counts both.
    expect((await complete(a)).status).toBe(200);
    expect((await complete(b)).status).toBe(200);
    expect(total(await scrape(a), "appstudio_app_calls_total")).toBe(before + 2);
    expect(total(await scrape(b), "appstudio_app_calls_total")).toBe(before + 2);
    a.destroy();
    b.destroy();
  });

  it("replaces a worker that dies", { timeout: 60_000 }, async () => {
    const [victim] = childrenOf(server.child.pid!);
    process.kill(victim!, "SIGKILL");
    await vi.waitFor(
      () => {
        const now = childrenOf(server.child.pid!);
        expect(now).toHaveLength(2);
        expect(now).not.toContain(victim);
      },
      { timeout: 15_000, interval: 100 },
    );
    // The new worker serves too, once it listens.
    await vi.waitFor(
      async () => {
        const { a, b } = await connectionsToBothWorkers();
        a.destroy();
        b.destroy();
      },
      { timeout: 30_000, interval: 200 },
    );
  });

  it("on SIGTERM the workers drain and exit, then the primary exits 0", { timeout: 60_000 }, async () => {
    const workers = childrenOf(server.child.pid!);
    server.child.kill("SIGTERM");
    expect(await exitOf(server.child)).toEqual({ code: 0, signal: null });
    expect(workers.filter((pid) => existsSync(`/proc/${pid}`))).toEqual([]);
  });
});
