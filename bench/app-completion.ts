/**
 * Benchmark: app completion through appstudio versus a bare Node proxy in front of the same
 * fake model server, non-streaming and streaming. Loopback only, bounded in time.
 *
 *   npm run bench              (10 s per run; BENCH_SECONDS and BENCH_CONNECTIONS override)
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import autocannon from "autocannon";

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const root = resolve(import.meta.dirname, "..");

function spawnAndWait(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  return new Promise((ok, fail) => {
    const onData = (c: Buffer) => {
      out += c.toString();
      const m = ready.exec(out);
      if (m) ok({ child, url: m[1]! });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => fail(new Error(`exited ${code}: ${out}`)));
  });
}

const moderateRate = Number(process.env.BENCH_MODERATE_RPS ?? 100);

async function run(title: string, url: string, headers: Record<string, string>, body: string, overallRate?: number, oneConnection = false) {
  const result = await autocannon({
    url,
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
    connections: oneConnection ? 1 : connections,
    duration: seconds,
    ...(overallRate ? { overallRate } : {}),
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${title}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { title, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

const model = await spawnAndWait(["bench/fake-model-process.ts"], {}, /listening (http:\/\/\S+)/);
const dataDir = mkdtempSync(join(tmpdir(), "appstudio-bench-"));
const password = "bench-password-123";
const app = await spawnAndWait(
  ["apps/server/src/main.ts"],
  {
    PORT: "0",
    APPSTUDIO_HOST: "127.0.0.1",
    APPSTUDIO_DATA_DIR: dataDir,
    APPSTUDIO_ADMIN_PASSWORD: password,
    LOG_LEVEL: "warn",
    APPSTUDIO_PROBE_OLLAMA: "false",
    APPSTUDIO_APP_RPM: "10000000",
    APPSTUDIO_KEY_RPM: "10000000",
    APPSTUDIO_PROVIDERS: JSON.stringify([{ name: "fake", baseUrl: model.url, models: ["*"] }]),
  },
  /appstudio is running: console (http:\/\/[^/\s]+)\//,
);
const proxy = await spawnAndWait(["bench/bare-proxy.ts"], { UPSTREAM: model.url }, /listening (http:\/\/\S+)/);

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
  const created = await call("POST", "/apps", {
    workspaceId,
    type: "agent",
    name: "bench",
    config: { model: "fake-model", instructions: "Be brief.", dialogRounds: 0, tools: [] },
  });
  await call("POST", `/apps/${created.id}/publish`, {});
  const key = (await call("POST", "/api-keys", { workspaceId })).secret;
  const body = JSON.stringify({ input: { prompt: "hello" }, parameters: {} });
  const auth = { authorization: `Bearer ${key}` };
  const target = `${app.url}/api/v1/apps/${created.id}/completion`;

  const rows = [];
  for (const [mode, extra] of [
    ["json", {}],
    ["sse", { "x-dashscope-sse": "enable" }],
  ] as const) {
    await run("warm-up", target, { ...auth, ...extra }, body);
    const bare = await run(`bare proxy ${mode}`, proxy.url, extra, body);
    const ours = await run(`appstudio ${mode}`, target, { ...auth, ...extra }, body);
    rows.push(bare, ours, { title: `ratio ${mode}`, rps: ours.rps / bare.rps, p50: ours.p50 - bare.p50, p99: ours.p99 - bare.p99 });
  }
  // Added latency at moderate load: both held to the same request rate, far below saturation.
  for (const [mode, extra] of [
    ["json", {}],
    ["sse", { "x-dashscope-sse": "enable" }],
  ] as const) {
    const bare = await run(`bare ${mode} @${moderateRate}/s`, proxy.url, extra, body, moderateRate);
    const ours = await run(`appstudio ${mode} @${moderateRate}/s`, target, { ...auth, ...extra }, body, moderateRate);
    rows.push(bare, ours, { title: `ratio ${mode} @${moderateRate}/s`, rps: ours.rps / bare.rps, p50: ours.p50 - bare.p50, p99: ours.p99 - bare.p99 });
  }
  // Added latency with no queueing at all: one connection, one request at a time.
  for (const [mode, extra] of [
    ["json", {}],
    ["sse", { "x-dashscope-sse": "enable" }],
  ] as const) {
    const bare = await run(`bare ${mode} sequential`, proxy.url, extra, body, undefined, true);
    const ours = await run(`appstudio ${mode} sequential`, target, { ...auth, ...extra }, body, undefined, true);
    rows.push(bare, ours, { title: `ratio ${mode} sequential`, rps: ours.rps / bare.rps, p50: ours.p50 - bare.p50, p99: ours.p99 - bare.p99 });
  }
  console.log(`\napp completion, ${connections} connections, ${seconds} s per run (loopback, Node ${process.version})`);
  console.log("run                              req/s      p50 ms   p99 ms");
  for (const r of rows) {
    const rps = r.title.startsWith("ratio") ? `${(r.rps * 100).toFixed(1)}%` : r.rps.toFixed(0);
    const sign = (n: number) => (r.title.startsWith("ratio") ? `+${n.toFixed(1)}` : n.toFixed(1));
    console.log(`${r.title.padEnd(32)} ${rps.padStart(8)} ${sign(r.p50).padStart(9)} ${sign(r.p99).padStart(8)}`);
  }
} finally {
  app.child.kill("SIGTERM");
  proxy.child.kill("SIGTERM");
  model.child.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
}
