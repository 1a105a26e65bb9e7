/**
 * What the end-to-end benches share: starting a process and waiting for the URL it prints,
 * the environment of a bench appstudio in front of the fake model, and the management calls
 * that set it up (sign in, publish an agent app, create an API key). Loopback only.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { join, resolve } from "node:path";

export const root = resolve(import.meta.dirname, "..");
export const ADMIN_PASSWORD = "bench-password-123";
/** The line a started appstudio prints; its first group is the base URL. */
export const APPSTUDIO_READY = /appstudio is running: console (http:\/\/[^/\s]+)\//;
/** The line the fake model and the bare proxy print. */
export const LISTENING = /listening (http:\/\/\S+)/;

/** Rebuilds the server and CLI bundles when their sources changed since the last build. */
export function buildIfStale(): void {
  spawnSync(process.execPath, [join(root, "scripts/build.mjs"), "--if-stale"], { cwd: root, stdio: "inherit" });
}

/**
 * Spawns `command` and resolves once its output matches `ready` (the URL in its first group).
 * From then on its output is no longer collected: the caller pipes, forwards or drains it.
 */
export function spawnAndWait(command: string, argv: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(command, argv, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  return new Promise((ok, fail) => {
    const onData = (c: Buffer) => {
      out += c.toString();
      const m = ready.exec(out);
      if (m) {
        child.stdout!.removeListener("data", onData);
        child.stderr!.removeListener("data", onData);
        ok({ child, url: m[1]! });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => fail(new Error(`exited ${code}: ${out}`)));
  });
}

/** Environment of a bench appstudio: own data dir, every model on the fake one, rate limits too high to refuse. */
export function appstudioEnv(dataDir: string, modelUrl: string): Record<string, string> {
  return {
    PORT: "0",
    APPSTUDIO_HOST: "127.0.0.1",
    APPSTUDIO_DATA_DIR: dataDir,
    APPSTUDIO_ADMIN_PASSWORD: ADMIN_PASSWORD,
    APPSTUDIO_PROBE_OLLAMA: "false",
    APPSTUDIO_APP_RPM: "10000000",
    APPSTUDIO_KEY_RPM: "10000000",
    APPSTUDIO_PROVIDERS: JSON.stringify([{ name: "fake", baseUrl: modelUrl, models: ["*"] }]),
    ...(process.env.LOG_LEVEL ? { LOG_LEVEL: process.env.LOG_LEVEL } : {}),
  };
}

/** Answers are the parsed JSON, untyped: a bench reads two or three fields of them. */
export type ManageCall = (method: string, path: string, body?: unknown) => ReturnType<Response["json"]>;

/** Signs in as the admin; the answer calls /manage/v1 with that session. */
export async function adminSession(url: string): Promise<ManageCall> {
  const signIn = await fetch(`${url}/manage/v1/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ loginName: "admin", password: ADMIN_PASSWORD }),
  });
  const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
  return async (method, path, body) =>
    (
      await fetch(`${url}/manage/v1${path}`, {
        method,
        headers: { cookie, "content-type": "application/json" },
        ...(body ? { body: JSON.stringify(body) } : {}),
      })
    ).json();
}

/** Publishes a brief agent app on `model` in `workspaceId`: its completion URL. */
export async function publishAgent(url: string, call: ManageCall, workspaceId: string, name: string, model: string): Promise<string> {
  const created = await call("POST", "/apps", {
    workspaceId,
    type: "agent",
    name,
    config: { model, instructions: "Be brief.", dialogRounds: 0, tools: [] },
  });
  await call("POST", `/apps/${created.id}/publish`, {});
  return `${url}/api/v1/apps/${created.id}/completion`;
}

/** The p-th percentile of ascending `sorted`. */
export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
