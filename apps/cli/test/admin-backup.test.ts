import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { type FakeModelServer, startFakeModelServer } from "@appstudio/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_BIN, type CliSandbox, createSandbox } from "./support/cli-runner.js";

const PASSWORD = "backup-test-password";
const PROVIDER_KEY = "sk-provider-key-sealed-in-the-database";

/** `appstudio serve` on a free port; resolves once it listens. */
function serve(cli: CliSandbox, dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [CLI_BIN, "serve", "--port", "0", "--host", "127.0.0.1", "--data-dir", dataDir], {
    env: { ...cli.env, LOG_LEVEL: "warn", APPSTUDIO_PROBE_OLLAMA: "false", APPSTUDIO_ADMIN_PASSWORD: PASSWORD },
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += String(chunk);
      const match = /appstudio is running at (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve({ child, url: match[1] });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
}

const stop = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once("exit", (code) => resolve(code));
    child.kill("SIGTERM");
  });

/**
 * Round trip on SQLite: a backup taken while the server runs, the data directory lost, a
 * restore, and everything works again: the old API key calls the app through a provider whose
 * key is sealed with the master key, versions, the session, the knowledge base and the call log.
 */
describe("appstudio admin backup and restore (SQLite)", () => {
  let cli: CliSandbox;
  let model: FakeModelServer;
  let dataDir: string;
  let backupFile: string;
  let server: { child: ChildProcess; url: string };
  let token: string;
  let appId: string;
  let apiKey: string;
  let sessionId: string;
  let requestId: string;
  let workspaceId: string;

  const manage = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}/manage/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const complete = (input: Record<string, unknown>) =>
    fetch(`${server.url}/api/v1/apps/${appId}/completion`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ input }),
    });

  beforeAll(async () => {
    cli = createSandbox();
    dataDir = join(cli.configDir, "..", "data");
    backupFile = join(cli.configDir, "..", "backups", "appstudio.db");
    model = await startFakeModelServer({ apiKey: PROVIDER_KEY });
    server = await serve(cli, dataDir);
    const signIn = await fetch(`${server.url}/manage/v1/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ loginName: "admin", password: PASSWORD }),
    });
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
    const pat = await fetch(`${server.url}/manage/v1/tokens`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: '{"name":"t"}',
    });
    token = (await pat.json()).secret;
    workspaceId = (await manage("GET", "/workspaces")).items[0].id;
    await manage("POST", "/providers", { name: "sealed", baseUrl: model.url, apiKey: PROVIDER_KEY, models: ["*"] });
    const app = await manage("POST", "/apps", {
      workspaceId,
      type: "agent",
      name: "kept",
      config: { model: "fake-model", instructions: "", dialogRounds: 5, tools: [] },
    });
    appId = app.id;
    await manage("POST", `/apps/${appId}/publish`, {});
    await manage("POST", `/apps/${appId}/publish`, {});
    await manage("POST", "/knowledge-bases", { workspaceId, name: "kept-kb" });
    apiKey = (await manage("POST", "/api-keys", { workspaceId })).secret;
    const first = await complete({ prompt: "remember: blue" });
    expect(first.status).toBe(200);
    requestId = first.headers.get("x-request-id")!;
    sessionId = (await first.json()).output.session_id;
  }, 90_000);

  afterAll(async () => {
    if (server) await stop(server.child);
    await model?.close();
    cli?.cleanup();
  });

  it("backs up while the server runs, with the master key beside the backup", async () => {
    const result = await cli.run(["admin", "backup", backupFile, "--data-dir", dataDir]);
    expect(result.stderr).toContain("Backed up");
    expect(result.stderr).toContain(`${backupFile}.master.key`);
    expect(result.code).toBe(0);
    expect(statSync(`${backupFile}.master.key`).mode & 0o777).toBe(0o600);
    // Never overwritten by accident.
    const again = await cli.run(["admin", "backup", backupFile, "--data-dir", dataDir]);
    expect(again.code).toBe(6);
    expect(again.stderr).toContain("--force");
  });

  it("refuses to restore while a server is running on the data directory", async () => {
    const result = await cli.run(["admin", "restore", backupFile, "--data-dir", dataDir, "--force"]);
    expect(result.code).toBe(6);
    expect(result.stderr).toContain("a server is running");
  });

  it("refuses a backup whose secrets the configured master key cannot open", async () => {
    const result = await cli.run(["admin", "restore", backupFile, "--data-dir", join(dataDir, "..", "elsewhere")], {
      env: { APPSTUDIO_MASTER_KEY: "a-different-master-key-that-is-long-enough-0000" },
    });
    expect(result.code).toBe(6);
    expect(result.stderr).toContain("cannot open the secrets");
  });

  it("restores into a lost data directory and everything works again", async () => {
    expect(await stop(server.child)).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
    const result = await cli.run(["admin", "restore", backupFile, "--data-dir", dataDir]);
    expect(result.stderr).toContain("Restored");
    expect(result.code).toBe(0);
    expect(existsSync(join(dataDir, "master.key"))).toBe(true);

    server = await serve(cli, dataDir);
    // The old key works, through the provider whose key only the restored master key opens.
    const before = model.requests.length;
    const call = await complete({ prompt: "what colour?", session_id: sessionId });
    expect(call.status).toBe(200);
    expect((await call.json()).output.session_id).toBe(sessionId);
    expect(model.requests[before]?.body.messages?.map((m) => m.content)).toContain("remember: blue");
    expect((await manage("GET", `/apps/${appId}/versions`)).items).toHaveLength(2);
    expect((await manage("GET", `/knowledge-bases?workspaceId=${workspaceId}`)).items.map((k: { name: string }) => k.name)).toContain("kept-kb");
    expect(await manage("GET", `/call-logs/${requestId}`)).toMatchObject({ requestId, status: 200 });
  }, 60_000);
});
