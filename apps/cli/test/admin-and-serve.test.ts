import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_BIN, type CliSandbox, createSandbox, freePort } from "./support/cli-runner.js";

/** Starts `appstudio serve` and resolves with its URL once it says it is running. */
function serve(cli: CliSandbox, args: string[]): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [CLI_BIN, "serve", ...args], { env: { ...cli.env, LOG_LEVEL: "warn", APPSTUDIO_PROBE_OLLAMA: "false" } });
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += String(chunk);
      const match = /appstudio is running at (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve({ child, url: match[1], output: () => output });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
}

describe("appstudio admin (server down) and serve", () => {
  let cli: CliSandbox;
  let dataDir: string;

  beforeAll(() => {
    cli = createSandbox();
    dataDir = join(cli.configDir, "..", "data");
  });
  afterAll(() => cli.cleanup());

  it("admin migrate creates and migrates the SQLite database", async () => {
    const result = await cli.run(["admin", "migrate", "--data-dir", dataDir]);
    expect(result.stderr).toMatch(/Database is up to date \(sqlite, \d+ migrations\)/);
    expect(result.code).toBe(0);
  });

  it("admin create-main creates the main account once; a second time is refused with exit 6", async () => {
    const common = await cli.run(["admin", "create-main", "--data-dir", dataDir, "--password-stdin"], { input: "password123\n" });
    expect(common.code).toBe(2);
    expect(common.stderr).toContain("password: is one of the most common passwords");
    const first = await cli.run(["admin", "create-main", "--data-dir", dataDir, "--password-stdin"], { input: "first-password-1\n" });
    expect(first.stderr).toContain("Created the main account 'admin'");
    expect(first.code).toBe(0);
    const again = await cli.run(["admin", "create-main", "--data-dir", dataDir, "--generate"]);
    expect(again.code).toBe(6);
    expect(again.stderr).toContain("error: the main account already exists");
    expect(again.stderr).toContain("appstudio admin reset-password admin");
  });

  it("admin reset-password: unknown user is exit 4, a weak password exit 2, and a generated one is printed once", async () => {
    const unknown = await cli.run(["admin", "reset-password", "nobody", "--data-dir", dataDir, "--generate"]);
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toContain("user 'nobody' was not found");
    const short = await cli.run(["admin", "reset-password", "admin", "--data-dir", dataDir, "--password-stdin"], { input: "short\n" });
    expect(short.code).toBe(2);
    expect(short.stderr).toContain("password: must be at least 8 characters long");
    const common = await cli.run(["admin", "reset-password", "admin", "--data-dir", dataDir, "--password-stdin"], { input: "qwerty123\n" });
    expect(common.code).toBe(2);
    expect(common.stderr).toContain("password: is one of the most common passwords");
    const loginName = await cli.run(["admin", "reset-password", "admin", "--data-dir", dataDir, "--password-stdin"], { input: "ADMIN   \n" });
    expect(loginName.code).toBe(2);
    expect(loginName.stderr).toContain("password: must not be the same as the login name");
    const generated = await cli.run(["admin", "reset-password", "admin", "--data-dir", dataDir, "--generate"]);
    expect(generated.code).toBe(0);
    expect(generated.stdout.trim()).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const reset = await cli.run(["admin", "reset-password", "admin", "--data-dir", dataDir, "--password-stdin"], { input: "second-password-2\n" });
    expect(reset.code).toBe(0);
    expect(reset.stderr).toContain("Password of 'admin' changed");
    expect(reset.stdout).toBe("");
  });

  it("serve runs the platform on that data directory: the reset password signs in, the old one does not", async () => {
    const port = await freePort();
    const server = await serve(cli, ["--port", String(port), "--host", "127.0.0.1", "--data-dir", dataDir]);
    try {
      expect(server.url).toBe(`http://127.0.0.1:${port}`);
      const old = await cli.run(["login", "--url", server.url, "--user", "admin", "--password-stdin"], { input: "first-password-1\n" });
      expect(old.code).toBe(3);
      const login = await cli.run(["login", "--url", server.url, "--user", "admin", "--password-stdin"], { input: "second-password-2\n" });
      expect(login.code).toBe(0);
      expect(JSON.parse((await cli.run(["whoami", "--json"])).stdout).user.loginName).toBe("admin");
    } finally {
      server.child.kill("SIGTERM");
      const code = await new Promise((resolve) => server.child.once("close", resolve));
      expect(code).toBe(0);
    }
    // The server is gone now: the same profile gets "cannot connect", exit 5.
    const down = await cli.run(["workspaces", "list"]);
    expect(down.code).toBe(5);
    expect(down.stderr).toContain(`cannot connect to http://127.0.0.1:${port}`);
  });

  it("serve rejects bad flags and configuration with exit 2 and lists every problem", async () => {
    const badPort = await cli.run(["serve", "--port", "70000"]);
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toContain("--port must be a whole number from 0 to 65535");
    const badConfig = await cli.run(["serve", "--config", join(dataDir, "missing.json")], { env: { APPSTUDIO_ADMIN_PASSWORD: "short" } });
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toContain("invalid configuration");
    expect(badConfig.stderr).toContain("missing.json");
    expect(badConfig.stderr).toContain("APPSTUDIO_ADMIN_PASSWORD");
    // A common admin password is refused on the first start, when it would become the main account's.
    const freshDir = join(cli.configDir, "..", "fresh-data");
    const weak = await cli.run(["serve", "--port", "0", "--host", "127.0.0.1", "--data-dir", freshDir], {
      env: { APPSTUDIO_ADMIN_PASSWORD: "password123", APPSTUDIO_PROBE_OLLAMA: "false" },
    });
    expect(weak.code).toBe(2);
    expect(weak.stderr).toContain("adminPassword (APPSTUDIO_ADMIN_PASSWORD): is one of the most common passwords");
  });

  it("admin commands report an unreachable database with exit 5", async () => {
    const url = `postgres://appstudio:secret@127.0.0.1:${await freePort()}/appstudio`;
    const result = await cli.run(["admin", "migrate", "--database-url", url]);
    expect(result.code).toBe(5);
    expect(result.stderr).toContain("cannot connect to the database postgres://***@127.0.0.1");
    expect(result.stderr).not.toContain("secret");
  });
});
