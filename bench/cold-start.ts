/**
 * Cold start: time from spawning the server on an existing data dir to its first answered
 * request (GET /healthz), and time of `appstudio --help`. Loopback only, bounded.
 *
 *   npm run bench:cold-start        (BENCH_COLD_RUNS, default 5 runs; median and worst printed)
 *
 * Compares the bundle (`node apps/server/dist/main.js`, `node apps/cli/bin/appstudio.js`) with
 * running the sources through tsx, so the gain of the build step is measured in the same run.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const runs = Number(process.env.BENCH_COLD_RUNS ?? 5);
const port = 18_000 + Math.floor(Math.random() * 1_000);

function healthy(): Promise<boolean> {
  return new Promise((ok) => {
    const req = request({ host: "127.0.0.1", port, path: "/healthz", timeout: 200 }, (res) => {
      res.resume();
      ok(res.statusCode === 200);
    });
    req.on("error", () => ok(false));
    req.end();
  });
}

async function firstAnswer(args: string[], dataDir: string): Promise<number> {
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, PORT: String(port), APPSTUDIO_HOST: "127.0.0.1", APPSTUDIO_DATA_DIR: dataDir, LOG_LEVEL: "warn", APPSTUDIO_PROBE_OLLAMA: "false" },
    stdio: "ignore",
  });
  try {
    const deadline = started + 20_000;
    while (performance.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      if (await healthy()) return performance.now() - started;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error("no answer within 20 s");
  } finally {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }
}

function timed(args: string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: "ignore", env: { ...process.env, APPSTUDIO_CONFIG_DIR: tmpdir() } });
  if (result.status !== 0) throw new Error(`${args.join(" ")} exited ${result.status}`);
  return performance.now() - started;
}

const summary = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return `median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0).padStart(5)} ms   worst ${sorted.at(-1)!.toFixed(0).padStart(5)} ms`;
};

const dataDir = mkdtempSync(join(tmpdir(), "appstudio-cold-"));
try {
  const bundle = join(root, "apps/server/dist/main.js");
  if (!existsSync(bundle)) spawnSync(process.execPath, [join(root, "scripts/build.mjs")], { cwd: root, stdio: "inherit" });
  // The first start creates the database and the main account: not a cold start on existing data.
  await firstAnswer([bundle], dataDir);
  const rows: [string, number[]][] = [
    ["server, bundle (node apps/server/dist/main.js)", []],
    ["server, sources through tsx", []],
    ["appstudio --help, bundle", []],
    ["appstudio --help, sources through tsx", []],
  ];
  for (let i = 0; i < runs; i++) {
    rows[0]![1].push(await firstAnswer([bundle], dataDir));
    rows[1]![1].push(await firstAnswer(["--import", "tsx", "apps/server/src/main.ts"], dataDir));
    rows[2]![1].push(timed(["apps/cli/bin/appstudio.js", "--help"]));
    rows[3]![1].push(timed(["--import", "tsx", "apps/cli/src/main.ts", "--help"]));
  }
  console.log(`\ncold start, ${runs} runs each (existing data dir, Node ${process.version}); server = spawn to first 200 from /healthz`);
  for (const [title, xs] of rows) console.log(`${title.padEnd(48)} ${summary(xs)}`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
