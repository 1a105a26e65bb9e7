/**
 * Benchmark: app completion through appstudio versus a bare `node:http` proxy in front of the
 * same fake model server, JSON and SSE, in one run. Loopback only, bounded in time.
 *
 *   npm run bench
 *
 * Where `taskset` exists, appstudio, the proxy and the fake model share core 0 and this
 * process (autocannon, the load generator) runs on core 1, so the load does not steal the
 * server's CPU. appstudio runs as `npm start` runs it (the bundle, SQLite, call log with
 * content, sessions, rate limits and key checks all on; the limits set high enough not to
 * refuse). Throughput: BENCH_CONNECTIONS (50) connections, BENCH_ROUNDS (3) × BENCH_SECONDS (10)
 * per target and mode, the median printed. Unloaded latency: BENCH_SEQUENTIAL (2000) calls
 * one after another on one connection, time to the first byte of the answer.
 *
 * More rows in the same run: BENCH_FLOOR=1 (bench/framework-floor.ts: Fastify and the model
 * stream client alone, the least this stack can cost), BENCH_BASELINE_SERVER=<another bundle's main.js> (before/after a
 * change), BENCH_WORKERS=N (`serve --workers N`; with BENCH_PIN=0 nothing is pinned, so the
 * workers can use every core). BENCH_SERVER=<main.js> measures another bundle without building,
 * BENCH_SERVER_LOG=<file> keeps the server's output, BENCH_SERVER_NODE_ARGS passes Node options
 * (`--cpu-prof --cpu-prof-dir=/tmp/prof` profiles the server under the load).
 */
import { type ChildProcess, spawnSync } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { APPSTUDIO_READY, adminSession, appstudioEnv, buildIfStale, LISTENING, percentile, publishAgent, spawnAndWait } from "./bench-servers.js";

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const sequentialCalls = Number(process.env.BENCH_SEQUENTIAL ?? 2000);
/** The server bundle to measure (another build of it, for comparisons), and a file for its output. */
const serverEntry = process.env.BENCH_SERVER ?? "apps/server/dist/main.js";
const serverLog = process.env.BENCH_SERVER_LOG;
/** Node options for the server alone, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it under load. */
const serverNodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);

// BENCH_PIN=0 leaves every process free to use every core (to measure several workers).
const pinned = process.env.BENCH_PIN !== "0" && spawnSync("taskset", ["-cp", "1", String(process.pid)], { stdio: "ignore" }).status === 0;
/** Servers go to core 0 when this process could be pinned to core 1. */
const onServerCore = (args: string[]) => (pinned ? ["taskset", ["-c", "0", process.execPath, ...args]] : [process.execPath, args]) as [string, string[]];

/** Starts `args` under Node, on the server core when pinned. */
const spawnOnServerCore = (args: string[], env: Record<string, string>, ready: RegExp) => spawnAndWait(...onServerCore(args), env, ready);

async function throughput(title: string, url: string, headers: Record<string, string>, body: string, duration = seconds): Promise<number> {
  const result = await autocannon({ url, method: "POST", headers: { "content-type": "application/json", ...headers }, body, connections, duration });
  // Reported, not fatal: on a machine shared with other work a few calls can time out.
  if (result.non2xx > 0 || result.errors > 0) {
    console.log(`${title}: ${result.non2xx} non-2xx (${JSON.stringify(result.statusCodeStats)}), ${result.errors} errors of ${result.requests.total}`);
  }
  return result.requests.average;
}

/** Calls one after another on one keep-alive connection; milliseconds to the first byte of each answer. */
async function firstByteLatencies(url: string, headers: Record<string, string>, body: string): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const times: number[] = [];
  for (let i = 0; i < sequentialCalls; i++) {
    times.push(
      await new Promise<number>((ok, fail) => {
        const started = performance.now();
        let first = 0;
        const req = request(url, { method: "POST", agent, headers: { "content-type": "application/json", ...headers } }, (res) => {
          if (res.statusCode !== 200) fail(new Error(`HTTP ${res.statusCode}`));
          res.on("data", () => {
            first ||= performance.now() - started;
          });
          res.on("end", () => ok(first));
        });
        req.on("error", fail);
        req.end(body);
      }),
    );
  }
  agent.destroy();
  return times.sort((a, b) => a - b);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

if (!process.env.BENCH_SERVER) buildIfStale();
const model = await spawnOnServerCore(["--import", "tsx", "bench/fake-model-process.ts"], {}, LISTENING);
const started: { child: ChildProcess; dataDir: string }[] = [];

/** An appstudio process (own data dir) with one published agent app and an API key: the app's completion URL and the key. */
async function startAppstudio(entry: string, extraEnv: Record<string, string>): Promise<{ url: string; auth: Record<string, string> }> {
  const dataDir = mkdtempSync(join(tmpdir(), "appstudio-bench-"));
  const app = await spawnOnServerCore([...serverNodeArgs, entry], { ...appstudioEnv(dataDir, model.url), ...extraEnv }, APPSTUDIO_READY);
  started.push({ child: app.child, dataDir });
  // The server's log: drained as a terminal would, or kept in BENCH_SERVER_LOG.
  if (serverLog) {
    const log = createWriteStream(started.length === 1 ? serverLog : `${serverLog}.${started.length}`);
    app.child.stdout!.pipe(log);
    app.child.stderr!.pipe(log);
  } else {
    app.child.stdout!.resume();
    app.child.stderr!.resume();
  }
  const call = await adminSession(app.url);
  const workspaceId = (await call("GET", "/workspaces")).items[0].id;
  const url = await publishAgent(app.url, call, workspaceId, "bench", "fake-model");
  const key = (await call("POST", "/api-keys", { workspaceId })).secret;
  return { url, auth: { authorization: `Bearer ${key}` } };
}

const proxy = await spawnOnServerCore(["--import", "tsx", "bench/bare-proxy.ts"], { UPSTREAM: model.url }, LISTENING);
const extraChildren: ChildProcess[] = [];
try {
  const targets: { name: string; url: string; auth: Record<string, string> }[] = [
    { name: "bare node:http proxy → fake model", url: proxy.url, auth: {} },
    { name: "appstudio → same fake model", ...(await startAppstudio(serverEntry, {})) },
  ];
  // Extra rows: the framework floor, another build (before/after a change, in one run), and several worker processes.
  if (process.env.BENCH_FLOOR === "1") {
    const floor = await spawnOnServerCore(["--import", "tsx", "bench/framework-floor.ts"], { UPSTREAM: model.url }, LISTENING);
    extraChildren.push(floor.child);
    targets.push({ name: "Fastify + model stream client only (floor)", url: floor.url, auth: {} });
  }
  const baseline = process.env.BENCH_BASELINE_SERVER;
  if (baseline) targets.push({ name: `appstudio, baseline build (${baseline})`, ...(await startAppstudio(baseline, {})) });
  const workers = process.env.BENCH_WORKERS;
  if (workers) targets.push({ name: `appstudio, ${workers} workers`, ...(await startAppstudio(serverEntry, { APPSTUDIO_WORKERS: workers })) });
  const body = JSON.stringify({ input: { prompt: "hello" }, parameters: {} });
  const modes: Record<string, Record<string, string>> = { json: {}, sse: { "x-dashscope-sse": "enable" } };

  const rps = new Map<string, number[]>();
  for (const t of targets) for (const [, extra] of Object.entries(modes)) await throughput("warm-up", t.url, { ...t.auth, ...extra }, body, 2);
  // Rounds alternate between the targets so a noisy neighbour hurts all alike.
  for (let round = 0; round < rounds; round++) {
    for (const [mode, extra] of Object.entries(modes)) {
      for (const t of targets) {
        const key = `${t.name} ${mode}`;
        rps.set(key, [...(rps.get(key) ?? []), await throughput(key, t.url, { ...t.auth, ...extra }, body)]);
      }
    }
  }
  const latency = new Map<string, number[]>();
  for (const t of targets) latency.set(t.name, await firstByteLatencies(t.url, { ...t.auth, ...modes.json }, body));

  const rows = targets.map(
    (t): Record<string, number> => ({
      json: median(rps.get(`${t.name} json`)!),
      sse: median(rps.get(`${t.name} sse`)!),
      p50: percentile(latency.get(t.name)!, 50),
      p99: percentile(latency.get(t.name)!, 99),
    }),
  );
  const bare = rows[0]!;
  const pct = (a: number, b: number) => `${Math.round((a / b) * 100)} %`;
  console.log(
    `\napp completion, ${pinned ? "servers on core 0, load generator on core 1" : "not pinned"}, ${connections} connections, ` +
      `${rounds} × ${seconds} s (median), ${sequentialCalls} sequential calls for latency; Node ${process.version}\n`,
  );
  console.log("| target | JSON req/s | SSE req/s | unloaded first byte p50 / p99 |");
  console.log("|---|---:|---:|---:|");
  console.log(`| ${targets[0]!.name} | ${bare.json!.toFixed(0)} | ${bare.sse!.toFixed(0)} | ${bare.p50!.toFixed(2)} / ${bare.p99!.toFixed(2)} ms |`);
  for (const [i, ours] of rows.entries()) {
    if (i === 0) continue;
    console.log(
      `| ${targets[i]!.name} | ${ours.json!.toFixed(0)} (${pct(ours.json!, bare.json!)}) | ${ours.sse!.toFixed(0)} (${pct(ours.sse!, bare.sse!)}) | ` +
        `${ours.p50!.toFixed(2)} / ${ours.p99!.toFixed(2)} ms (+${(ours.p50! - bare.p50!).toFixed(2)} / +${(ours.p99! - bare.p99!).toFixed(2)}) |`,
    );
  }
  console.log(`\nrounds (req/s): ${[...rps].map(([k, v]) => `${k}: ${v.map((x) => x.toFixed(0)).join(", ")}`).join("; ")}`);
} finally {
  for (const { child } of started) child.kill("SIGTERM");
  proxy.child.kill("SIGTERM");
  for (const child of extraChildren) child.kill("SIGTERM");
  model.child.kill("SIGTERM");
  for (const { dataDir } of started) rmSync(dataDir, { recursive: true, force: true });
}
