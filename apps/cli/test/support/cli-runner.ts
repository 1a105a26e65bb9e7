import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const CLI_BIN = resolve(import.meta.dirname, "../../bin/appstudio.js");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliSandbox {
  /** Config directory of this sandbox (APPSTUDIO_CONFIG_DIR). */
  configDir: string;
  /** Environment every CLI run gets: hermetic, nothing from the test runner's own shell. */
  env: Record<string, string>;
  run(args: string[], options?: { input?: string; env?: Record<string, string> }): Promise<CliResult>;
  cleanup(): void;
}

/**
 * Runs the CLI exactly as a user would (node bin/appstudio.js, a separate process) with its own
 * config directory and HOME, so tests never read or write the developer's real login.
 */
export function createSandbox(): CliSandbox {
  const home = mkdtempSync(join(tmpdir(), "appstudio-cli-test-"));
  const configDir = join(home, "config");
  // APPSTUDIO_FROM_SOURCE: the sources under test, never a bundle left in apps/cli/dist by `npm start`.
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    APPSTUDIO_CONFIG_DIR: configDir,
    TMPDIR: tmpdir(),
    APPSTUDIO_FROM_SOURCE: "1",
  };
  return {
    configDir,
    env,
    run: (args, options = {}) => runProcess(process.execPath, [CLI_BIN, ...args], { ...env, ...options.env }, options.input),
    cleanup: () => rmSync(home, { recursive: true, force: true }),
  };
}

/** A sandbox logged in to `server` as its admin: the set-up of most command tests. */
export async function loggedInSandbox(server: { url: string; adminToken: string }): Promise<CliSandbox> {
  const cli = createSandbox();
  const login = await cli.run(["login", "--url", server.url, "--token", server.adminToken]);
  if (login.code !== 0) {
    cli.cleanup();
    throw new Error(`login failed: ${login.stderr}`);
  }
  return cli;
}

export function runProcess(command: string, args: string[], env: Record<string, string>, input?: string, timeoutMs = 25_000): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

/** A port that was free a moment ago: nothing listens there, so connections are refused. */
export async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  await new Promise<void>((r) => server.close(() => r()));
  return typeof address === "object" && address ? address.port : 0;
}
