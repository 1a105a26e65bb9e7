/**
 * 10,000 concurrent SSE streams against a slow model (one token a second) on one appstudio
 * process, plus normal calls to a fast model during the load. Loopback (127.0.0.1) only; stops
 * by itself (the streams last BENCH_STREAM_TOKENS seconds; the whole run is killed after 5 min).
 *
 *   npm run bench:streams      (BENCH_STREAMS=10000, BENCH_STREAM_TOKENS=40, BENCH_NORMAL_CALLS=300, BENCH_HTTP2=1)
 *
 * The model provider is configured with `http2: true` and the fake model serves h2c, as real
 * providers (DashScope, OpenAI, gateways) speak HTTP/2: the upstream calls share a few
 * connections, so appstudio holds ONE descriptor per stream (the caller's socket).
 * BENCH_HTTP2=0 measures HTTP/1.1 upstream instead: two per stream (caller and upstream socket).
 * Either way the load generator holds one per stream too, more than the usual limit of 1,024
 * per process: the script re-runs itself under `ulimit -n 65536` (root may raise the hard
 * limit; others get the hard limit and are told when it is too low).
 *
 * Reports: streams answered in full, errors (non-200, broken, no first byte), the server's peak
 * RSS, and the latency of normal (fast-model, JSON) calls made one at a time while every stream
 * is open.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { APPSTUDIO_READY, adminSession, appstudioEnv, buildIfStale, LISTENING, percentile, publishAgent, root, spawnAndWait } from "./bench-servers.js";

const streams = Number(process.env.BENCH_STREAMS ?? 10_000);
const tokens = Number(process.env.BENCH_STREAM_TOKENS ?? 40);
const normalCalls = Number(process.env.BENCH_NORMAL_CALLS ?? 300);
const http2 = process.env.BENCH_HTTP2 !== "0";
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
// The limit is per process. appstudio holds one descriptor per stream with HTTP/2 upstream (its
// caller's socket; the upstream calls share a few connections), two with HTTP/1.1 (and the
// upstream socket); this script holds one per stream, the fake model one per connection.
const perStream = http2 ? 1 : 2;
if (limit < streams * perStream + 1_000)
  console.log(
    `note: open-file limit ${limit} is below ${streams * perStream + 1_000} (${perStream === 1 ? "one" : "two"} per stream in appstudio); expect connection resets (run as root or raise the hard limit)`,
  );

/** Starts `args` under Node; once it is up, its stdout is drained and its stderr shown. */
async function startNode(args: string[], env: Record<string, string>, ready: RegExp) {
  const started = await spawnAndWait(process.execPath, args, env, ready);
  started.child.stdout!.resume();
  started.child.stderr!.on("data", (d: Buffer) => process.stderr.write(d));
  return started;
}

const peakRssMb = (pid: number) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
const openFds = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;

buildIfStale();
const model = await startNode(
  ["--import", "tsx", "bench/fake-model-process.ts"],
  { FAKE_SLOW_TOKENS: String(tokens), FAKE_HTTP2: http2 ? "1" : "0" },
  LISTENING,
);
const dataDir = mkdtempSync(join(tmpdir(), "appstudio-streams-"));
// BENCH_SERVER_NODE_ARGS="--heapsnapshot-signal=SIGUSR2" etc. (as in bench/app-completion.ts).
const serverNodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
const app = await startNode(
  [...serverNodeArgs, "apps/server/dist/main.js"],
  {
    ...appstudioEnv(dataDir, model.url),
    APPSTUDIO_PROVIDERS: JSON.stringify([{ name: "fake", baseUrl: model.url, models: ["*"], http2 }]),
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
  },
  APPSTUDIO_READY,
);
const killer = setTimeout(() => {
  console.log("run took over 5 minutes: stopping");
  app.child.kill("SIGKILL");
  model.child.kill("SIGKILL");
  process.exit(1);
}, 300_000);
killer.unref();

try {
  const call = await adminSession(app.url);
  const workspaceId = (await call("GET", "/workspaces")).items[0].id;
  const publish = (model: string) => publishAgent(app.url, call, workspaceId, model, model);
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
  // Streams being answered right now, and the most at once (opening can take longer than a stream lasts).
  let openNowCount = 0;
  let mostOpen = 0;
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
            mostOpen = Math.max(mostOpen, ++openNowCount);
          }
          text = (text + d).slice(-2_000);
        });
        res.on("close", () => {
          if (got) openNowCount--;
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
  const fdsDuring = app.child.pid ? openFds(app.child.pid) : 0;

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
  const p = (q: number) => percentile(latencies, q).toFixed(1);

  console.log(
    `\n${streams} SSE streams of ${tokens} tokens one second apart, one appstudio process, model over ${http2 ? "HTTP/2 (h2c)" : "HTTP/1.1"} (Node ${process.version}, fd limit ${limit})`,
  );
  console.log(`  first byte received:    ${openNow} of ${streams} (all requested within ${openedIn.toFixed(1)} s)`);
  console.log(`  most open at once:      ${mostOpen} (server descriptors then: ${fdsDuring})`);
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
