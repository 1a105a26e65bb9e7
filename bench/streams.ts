/**
 * 10,000 concurrent SSE streams against a slow model (one token a second) on one appstudio
 * process, plus normal calls to a fast model during the load. Loopback (127.0.0.1) only; stops
 * by itself (the streams last BENCH_STREAM_TOKENS seconds; the whole run is killed after 5 min).
 *
 *   npm run bench:streams      (BENCH_STREAMS=10000, BENCH_STREAM_TOKENS=40, BENCH_NORMAL_CALLS=300)
 *
 * Each stream holds three descriptors (client, server, upstream socket), more than the usual
 * limit of 1,024 per process: the script re-runs itself under `ulimit -n 65536` (root may raise
 * the hard limit; others get the hard limit and are told when it is too low).
 *
 * Reports: streams answered in full, errors (non-200, broken, no first byte), the server's peak
 * RSS, and the latency of normal (fast-model, JSON) calls made one at a time while every stream
 * is open.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const streams = Number(process.env.BENCH_STREAMS ?? 10_000);
const tokens = Number(process.env.BENCH_STREAM_TOKENS ?? 40);
const normalCalls = Number(process.env.BENCH_NORMAL_CALLS ?? 300);
const wantedFds = 65_536;

if (process.env.STREAMS_BENCH_RAISED !== "1") {
  // Raise the descriptor limit for this process and its children, then run again.
  const script = `ulimit -n ${wantedFds} 2>/dev/null || ulimit -n $(ulimit -Hn); exec "$0" --import tsx "$1"`;
  const result = spawnSync("bash", ["-c", script, process.execPath, import.meta.filename], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, STREAMS_BENCH_RAISED: "1" },
  });
  process.exit(result.status ?? 1);
}

const limit = Number(spawnSync("bash", ["-c", "ulimit -n"], { encoding: "utf8" }).stdout.trim());
if (limit < streams * 3 + 1_000)
  console.log(`note: open-file limit ${limit} is below ${streams * 3 + 1_000}; expect EMFILE errors (run as root or raise the hard limit)`);

function spawnAndWait(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  return new Promise((ok, fail) => {
    const onData = (c: Buffer) => {
      out += c.toString();
      const m = ready.exec(out);
      if (m) {
        child.stdout!.removeListener("data", onData);
        child.stderr!.removeListener("data", onData);
        child.stdout!.resume();
        child.stderr!.on("data", (d: Buffer) => process.stderr.write(d));
        ok({ child, url: m[1]! });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => fail(new Error(`exited ${code}: ${out}`)));
  });
}

const peakRssMb = (pid: number) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;

spawnSync(process.execPath, [join(root, "scripts/build.mjs"), "--if-stale"], { cwd: root, stdio: "inherit" });
const model = await spawnAndWait(["--import", "tsx", "bench/fake-model-process.ts"], { FAKE_SLOW_TOKENS: String(tokens) }, /listening (http:\/\/\S+)/);
const dataDir = mkdtempSync(join(tmpdir(), "appstudio-streams-"));
const password = "bench-password-123";
const app = await spawnAndWait(
  ["apps/server/dist/main.js"],
  {
    PORT: "0",
    APPSTUDIO_HOST: "127.0.0.1",
    APPSTUDIO_DATA_DIR: dataDir,
    APPSTUDIO_ADMIN_PASSWORD: password,
    APPSTUDIO_PROBE_OLLAMA: "false",
    APPSTUDIO_APP_RPM: "10000000",
    APPSTUDIO_KEY_RPM: "10000000",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    APPSTUDIO_PROVIDERS: JSON.stringify([{ name: "fake", baseUrl: model.url, models: ["*"] }]),
  },
  /appstudio is running: console (http:\/\/[^/\s]+)\//,
);
const killer = setTimeout(() => {
  console.log("run took over 5 minutes: stopping");
  app.child.kill("SIGKILL");
  model.child.kill("SIGKILL");
  process.exit(1);
}, 300_000);
killer.unref();

try {
  const signIn = await fetch(`${app.url}/manage/v1/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ loginName: "admin", password }),
  });
  const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
  const call = async (method: string, path: string, body?: unknown) =>
    (
      await fetch(`${app.url}/manage/v1${path}`, {
        method,
        headers: { cookie, "content-type": "application/json" },
        ...(body ? { body: JSON.stringify(body) } : {}),
      })
    ).json();
  const workspaceId = (await call("GET", "/workspaces")).items[0].id;
  const publish = async (model: string) => {
    const created = await call("POST", "/apps", {
      workspaceId,
      type: "agent",
      name: model,
      config: { model, instructions: "Be brief.", dialogRounds: 0, tools: [] },
    });
    await call("POST", `/apps/${created.id}/publish`, {});
    return `${app.url}/api/v1/apps/${created.id}/completion`;
  };
  const slowUrl = await publish("slow-model");
  const fastUrl = await publish("fast-model");
  const key = (await call("POST", "/api-keys", { workspaceId })).secret;
  const headers = { "content-type": "application/json", authorization: `Bearer ${key}` };
  const body = JSON.stringify({ input: { prompt: "hello" }, parameters: { incremental_output: true } });
  const rssBefore = rssMb(app.child.pid!);

  const agent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
  const errors = new Map<string, number>();
  const fail = (why: string) => errors.set(why, (errors.get(why) ?? 0) + 1);
  let firstBytes = 0;
  let completed = 0;
  const openStream = () =>
    new Promise<void>((done) => {
      const req = request(slowUrl, { method: "POST", agent, headers: { ...headers, "x-dashscope-sse": "enable" } }, (res) => {
        if (res.statusCode !== 200) fail(`HTTP ${res.statusCode}`);
        let got = false;
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => {
          if (!got) {
            got = true;
            firstBytes++;
          }
          text = (text + d).slice(-2_000);
        });
        res.on("end", () => {
          if (res.statusCode === 200 && text.includes('"finish_reason":"stop"')) completed++;
          else if (res.statusCode === 200) fail(text.includes("event:error") ? "error event" : "ended early");
          done();
        });
        res.on("error", (e) => {
          fail(`response: ${e.message}`);
          done();
        });
      });
      req.on("error", (e) => {
        fail(`request: ${(e as NodeJS.ErrnoException).code ?? e.message}`);
        done();
      });
      req.end(body);
    });

  // Opened at ~2,000 a second: a burst of 10,000 connects at once overflows the listen backlog.
  const started = performance.now();
  const all: Promise<void>[] = [];
  for (let i = 0; i < streams; i++) {
    all.push(openStream());
    if (i % 200 === 199) await new Promise((r) => setTimeout(r, 100));
  }
  const deadline = performance.now() + 30_000;
  while (firstBytes + [...errors.values()].reduce((a, b) => a + b, 0) < streams && performance.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const openedIn = (performance.now() - started) / 1000;
  const openNow = firstBytes;

  // Normal calls, one at a time, while the streams are open.
  const fastAgent = new Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  for (let i = 0; i < normalCalls; i++) {
    const t0 = performance.now();
    await new Promise<void>((ok) => {
      const req = request(fastUrl, { method: "POST", agent: fastAgent, headers }, (res) => {
        if (res.statusCode !== 200) fail(`normal call HTTP ${res.statusCode}`);
        res.resume();
        res.on("end", ok);
      });
      req.on("error", (e) => {
        fail(`normal call: ${e.message}`);
        ok();
      });
      req.end(body);
    });
    latencies.push(performance.now() - t0);
  }
  fastAgent.destroy();
  const rssDuring = rssMb(app.child.pid!);
  await Promise.all(all);
  const peak = peakRssMb(app.child.pid!);
  latencies.sort((a, b) => a - b);
  const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * q) / 100))]!.toFixed(1);

  console.log(`\n${streams} SSE streams of ${tokens} tokens one second apart, one appstudio process (Node ${process.version}, fd limit ${limit})`);
  console.log(`  first byte received:    ${openNow} of ${streams} (all requested within ${openedIn.toFixed(1)} s)`);
  console.log(`  answered in full:       ${completed} of ${streams}`);
  console.log(`  errors:                 ${errors.size === 0 ? "none" : [...errors].map(([k, v]) => `${k} × ${v}`).join(", ")}`);
  console.log(`  server RSS:             ${rssBefore.toFixed(0)} MB idle, ${rssDuring.toFixed(0)} MB with every stream open, ${peak.toFixed(0)} MB peak`);
  console.log(`  normal calls (${normalCalls}, JSON, fast model) during the load: p50 ${p(50)} ms, p99 ${p(99)} ms, max ${p(100)} ms`);
  agent.destroy();
} finally {
  app.child.kill("SIGTERM");
  model.child.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
}
