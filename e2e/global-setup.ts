import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startFakeModelServer } from "../packages/core/src/testing/fake-model-server.js";

const ROOT = resolve(import.meta.dirname, "..");
export const ADMIN_PASSWORD = "e2e-admin-password";

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => done(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not become healthy within 60 s:\n${output()}`);
}

/**
 * Builds the console, starts a fake OpenAI-compatible model server and a real appstudio server
 * process on a free port with a throwaway data directory. Returns the teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (process.env.E2E_SKIP_BUILD !== "1" || !existsSync(join(ROOT, "apps/console/dist/index.html"))) {
    execFileSync("npm", ["run", "build:console"], { cwd: ROOT, stdio: "inherit" });
  }
  const model = await startFakeModelServer({ models: ["fake-model"] });
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "appstudio-e2e-"));
  const env: NodeJS.ProcessEnv = { ...process.env };
  // A provider from the developer's own environment would make the run depend on the network.
  for (const key of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "DASHSCOPE_API_KEY", "DATABASE_URL", "REDIS_URL", "APPSTUDIO_CONFIG"]) delete env[key];
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "apps/server/src/main.ts")], {
    cwd: ROOT,
    env: {
      ...env,
      PORT: String(port),
      APPSTUDIO_HOST: "127.0.0.1",
      APPSTUDIO_DATA_DIR: dataDir,
      APPSTUDIO_ADMIN_PASSWORD: ADMIN_PASSWORD,
      APPSTUDIO_PROVIDERS: JSON.stringify([{ name: "fake", baseUrl: model.url, models: ["fake-model"] }]),
      APPSTUDIO_DEFAULT_MODEL: "fake-model",
      APPSTUDIO_PROBE_OLLAMA: "false",
      // The MCP services the specs add are test servers on 127.0.0.1, which the default policy refuses.
      APPSTUDIO_OUTBOUND_NETWORK: "any",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (output += c.toString()));

  // The browser and the tests use the loopback address the server listens on; the base URLs it
  // shows for the default region say localhost, which resolves to the same place.
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, child, () => output);
  } catch (e) {
    child.kill("SIGTERM");
    await model.close();
    throw e;
  }
  process.env.E2E_BASE_URL = url;
  process.env.E2E_ADMIN_PASSWORD = ADMIN_PASSWORD;
  process.env.E2E_FAKE_MODEL_URL = model.url;

  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    await model.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (process.env.E2E_SHOW_SERVER_LOG === "1") process.stdout.write(output);
  };
}
