import { spawn } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { startTestServer, TEST_ADMIN_PASSWORD, type TestServer } from "@appstudio/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_BIN, type CliSandbox, createSandbox, freePort } from "./support/cli-runner.js";

describe("appstudio login / whoami / logout", () => {
  let server: TestServer;
  let cli: CliSandbox;

  beforeAll(async () => {
    server = await startTestServer();
    cli = createSandbox();
  });
  afterAll(async () => {
    cli.cleanup();
    await server.close();
  });

  const config = () => JSON.parse(readFileSync(join(cli.configDir, "config.json"), "utf8"));

  it("logs in with --password-stdin, storing a personal access token in a 0600 file", async () => {
    const result = await cli.run(["login", "--url", server.url, "--user", "admin", "--password-stdin"], { input: `${TEST_ADMIN_PASSWORD}\n` });
    expect(result.stderr).toContain(`Logged in to ${server.url} as admin (profile default)`);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    const stored = config();
    expect(stored.currentProfile).toBe("default");
    expect(stored.profiles.default).toMatchObject({ url: server.url, loginName: "admin", tokenCreatedByCli: true });
    expect(stored.profiles.default.token).toMatch(/^ast_/);
    expect(stored.profiles.default.workspaceId).toMatch(/^ws-[a-z0-9]{16}$/);
    expect(statSync(join(cli.configDir, "config.json")).mode & 0o777).toBe(0o600);
    expect(statSync(cli.configDir).mode & 0o777).toBe(0o700);

    // The stored token really works against the management API.
    const me = await server.call("GET", "/manage/v1/whoami", { token: stored.profiles.default.token });
    expect(me.body.user.loginName).toBe("admin");
  });

  it("whoami prints a table and --json", async () => {
    const table = await cli.run(["whoami"]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/User:\s+admin \(Main account\)/);
    expect(table.stdout).toMatch(/Super admin:\s+yes/);
    expect(table.stdout).not.toContain("\u001b["); // not a terminal: no colour codes
    const json = await cli.run(["whoami", "--json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ user: { loginName: "admin", isMain: true }, superAdmin: true, profile: "default", url: server.url });
  });

  it("logs in interactively: login name and password typed at the prompts of a terminal", async () => {
    // @clack/prompts needs a TTY; `script` gives the CLI a pseudo-terminal, and we answer each prompt when it appears.
    const sandbox = createSandbox();
    try {
      // A pty made by `script` without a terminal around it is 0x0; give it a size or every character wraps.
      const command = `stty cols 120 rows 40; ${process.execPath} ${CLI_BIN} login --url ${server.url}`;
      const child = spawn("script", ["-qec", command, "/dev/null"], { env: { ...sandbox.env, TERM: "xterm" }, stdio: ["pipe", "pipe", "pipe"] });
      let output = "";
      const answered = new Set<string>();
      // Answer a prompt once it is drawn, after a pause: typed-ahead input can reach the terminal
      // before the prompt switches it to raw mode, and then Enter arrives as a plain newline.
      const answer = (key: string, text: string) => {
        answered.add(key);
        setTimeout(() => child.stdin.write(text), 400);
      };
      child.stdout.on("data", (chunk) => {
        output += String(chunk);
        if (!answered.has("name") && output.includes("Login name")) answer("name", "admin\r");
        if (!answered.has("password") && output.includes("Password")) answer("password", `${TEST_ADMIN_PASSWORD}\r`);
      });
      const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
      clearTimeout(timer);
      expect(output).toContain("Logged in to");
      expect(output).not.toContain(TEST_ADMIN_PASSWORD); // the password prompt masks what is typed
      expect(code).toBe(0);
      expect(JSON.parse(readFileSync(join(sandbox.configDir, "config.json"), "utf8")).profiles.default.loginName).toBe("admin");
    } finally {
      sandbox.cleanup();
    }
  });

  it("colours output on a terminal, but not with NO_COLOR or --no-color", async () => {
    const inTerminal = (args: string, env: Record<string, string> = {}) =>
      new Promise<string>((resolve) => {
        const child = spawn("script", ["-qec", `stty cols 120 rows 40; ${process.execPath} ${CLI_BIN} ${args}`, "/dev/null"], {
          env: { ...cli.env, TERM: "xterm", ...env },
        });
        let out = "";
        child.stdout.on("data", (c) => (out += c));
        child.on("close", () => resolve(out));
      });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for colour escape codes
    const colour = /\u001b\[(1|2|3\d)m/;
    expect(await inTerminal("whoami")).toMatch(colour);
    const noColor = await inTerminal("whoami", { NO_COLOR: "1" });
    expect(noColor).toContain("admin");
    expect(noColor).not.toMatch(colour);
    expect(await inTerminal("whoami --no-color")).not.toMatch(colour);
  });

  it("logs in with --token into a named profile (not made current), and --profile selects it", async () => {
    const result = await cli.run(["--profile", "second", "login", "--url", server.url, "--token", server.adminToken]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("(profile second)");
    expect(result.stderr).toContain("`appstudio profiles use second`");
    expect(config().profiles.second).toMatchObject({ token: server.adminToken, tokenCreatedByCli: false });
    const profiles = await cli.run(["profiles", "list", "--json"]);
    expect(JSON.parse(profiles.stdout).map((p: { name: string; current: boolean }) => [p.name, p.current])).toEqual([
      ["default", true],
      ["second", false],
    ]);
    expect((await cli.run(["--profile", "second", "whoami", "--json"])).code).toBe(0);
    expect((await cli.run(["profiles", "use", "second"])).code).toBe(0);
    expect(config().currentProfile).toBe("second");
    expect((await cli.run(["profiles", "use", "default"])).code).toBe(0);
  });

  it("bad credentials: exit 3 with the server's message, and nothing stored", async () => {
    const sandbox = createSandbox();
    try {
      const result = await sandbox.run(["login", "--url", server.url, "--user", "admin", "--password-stdin"], { input: "wrong-password\n" });
      expect(result.code).toBe(3);
      expect(result.stderr).toContain("error: Wrong login name or password.");
      expect(result.stderr).toContain("code InvalidCredentials, HTTP 401");
      expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
      const badToken = await sandbox.run(["login", "--url", server.url, "--token", "ast_not_a_real_token"]);
      expect(badToken.code).toBe(3);
      expect(badToken.stderr).toContain("error: Sign in or send a valid personal access token.");
      expect((await sandbox.run(["profiles", "list", "--json"])).stdout.trim()).toBe("[]");
    } finally {
      sandbox.cleanup();
    }
  });

  it("not logged in: exit 3 with a hint to log in", async () => {
    const sandbox = createSandbox();
    try {
      const result = await sandbox.run(["apps", "list"]);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain("error: not logged in (profile 'default')");
      expect(result.stderr).toContain("appstudio login");
    } finally {
      sandbox.cleanup();
    }
  });

  it("server down: exit 5 and a connection message", async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const login = await cli.run(["login", "--url", url, "--token", "ast_whatever"]);
    expect(login.code).toBe(5);
    expect(login.stderr).toContain(`error: cannot connect to ${url} (connection refused)`);
    const listing = await cli.run(["workspaces", "list"], { env: { APPSTUDIO_URL: url, APPSTUDIO_TOKEN: "ast_whatever" } });
    expect(listing.code).toBe(5);
    expect(listing.stderr).toContain("cannot connect to");
    expect(listing.stderr).toContain("appstudio serve");
  });

  it("logout revokes the CLI's token on the server and removes the profile", async () => {
    const token = config().profiles.default.token;
    const result = await cli.run(["--profile", "default", "logout"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("token revoked");
    expect(config().profiles.default).toBeUndefined();
    expect((await server.call("GET", "/manage/v1/whoami", { token })).status).toBe(401);
    // A token given with --token is only forgotten, never revoked: it may be used elsewhere.
    expect((await cli.run(["--profile", "second", "logout"])).code).toBe(0);
    expect((await server.call("GET", "/manage/v1/whoami", { token: server.adminToken })).status).toBe(200);
  });

  it("usage errors exit 2", async () => {
    const unknown = await cli.run(["apps", "lst"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'lst'");
    const badFlag = await cli.run(["apps", "list", "--limit", "0"]);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain("--limit must be a whole number from 1 to 200");
    const noStdin = await cli.run(["login", "--url", server.url, "--user", "admin"]);
    expect(noStdin.code).toBe(2);
    expect(noStdin.stderr).toContain("standard input is not a terminal");
  });
});
