import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startTestServer, type TestServer } from "@appstudio/server/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type CliSandbox, createSandbox, freePort } from "./support/cli-runner.js";

/** APPSTUDIO_URL / APPSTUDIO_TOKEN / APPSTUDIO_WORKSPACE against stored profiles, and `login --with-token`. */
describe("environment over stored profiles", () => {
  let server: TestServer;
  let cli: CliSandbox;
  let deadUrl: string;
  let defaultWs: string;

  beforeAll(async () => {
    server = await startTestServer();
    cli = createSandbox();
    deadUrl = `http://127.0.0.1:${await freePort()}`;
    defaultWs = (await server.call("GET", "/manage/v1/workspaces", { token: server.adminToken })).body.items[0].id;
  });
  afterAll(async () => {
    cli.cleanup();
    await server.close();
  });

  const configFile = () => join(cli.configDir, "config.json");
  const config = () => JSON.parse(readFileSync(configFile(), "utf8"));

  // The current profile points at a server that is down; "live" is a login to the test server.
  beforeEach(() => {
    mkdirSync(cli.configDir, { recursive: true });
    const profiles = {
      default: { url: deadUrl, token: "ast_stale", workspaceId: "ws-storedbutwrong00" },
      live: { url: server.url, token: server.adminToken, loginName: "admin" },
    };
    writeFileSync(configFile(), JSON.stringify({ version: 1, currentProfile: "default", profiles }));
  });

  it("APPSTUDIO_URL alone uses the stored profile for that URL, not the current profile", async () => {
    const result = await cli.run(["whoami", "--json"], { env: { APPSTUDIO_URL: `${server.url}/` } });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ profile: "live", url: server.url, user: { loginName: "admin" } });
  });

  it("APPSTUDIO_URL alone with no profile for it: not logged in to that URL (exit 3)", async () => {
    const other = `http://127.0.0.1:${await freePort()}`;
    const result = await cli.run(["apps", "list"], { env: { APPSTUDIO_URL: other } });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`not logged in to ${other} (APPSTUDIO_URL)`);
  });

  it("APPSTUDIO_URL with APPSTUDIO_TOKEN takes nothing from a profile of another server", async () => {
    const env = { APPSTUDIO_URL: server.url, APPSTUDIO_TOKEN: server.adminToken };
    const result = await cli.run(["workspaces", "current"], { env });
    // The current profile's workspace belongs to another server: it is not used.
    expect(result.stderr).toContain("no workspace selected");
    expect(result.code).toBe(2);
    expect((await cli.run(["whoami"], { env })).code).toBe(0);
  });

  it("login uses APPSTUDIO_URL over the profile's stored URL", async () => {
    const result = await cli.run(["login", "--token", server.adminToken], { env: { APPSTUDIO_URL: server.url } });
    expect(result.stderr).toContain(`Logged in to ${server.url}`);
    expect(result.code).toBe(0);
    expect(config().profiles.default.url).toBe(server.url);
  });

  it("logging in to another profile keeps the current one and says how to switch", async () => {
    const result = await cli.run(["--profile", "staging", "login", "--url", server.url, "--token", server.adminToken]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("The current profile is still default. Switch with `appstudio profiles use staging`");
    expect(config().currentProfile).toBe("default");
    expect(config().profiles.staging.url).toBe(server.url);
  });

  it("APPSTUDIO_WORKSPACE is the default workspace; -w still wins", async () => {
    const withoutEnv = await cli.run(["--profile", "live", "apps", "list"]);
    expect(withoutEnv.code).toBe(2);
    expect(withoutEnv.stderr).toContain("set APPSTUDIO_WORKSPACE");
    const withEnv = await cli.run(["--profile", "live", "workspaces", "current", "--json"], { env: { APPSTUDIO_WORKSPACE: defaultWs } });
    expect(withEnv.code).toBe(0);
    expect(JSON.parse(withEnv.stdout).id).toBe(defaultWs);
    const flagWins = await cli.run(["--profile", "live", "apps", "list", "-w", defaultWs], { env: { APPSTUDIO_WORKSPACE: "ws-doesnotexist0000" } });
    expect(flagWins.code).toBe(0);
    const mistyped = await cli.run(["--profile", "live", "apps", "list"], { env: { APPSTUDIO_WORKSPACE: "ws-doesnotexist0000" } });
    expect(mistyped.code).toBe(4);
    expect(mistyped.stderr).toContain("workspace ws-doesnotexist0000 (from APPSTUDIO_WORKSPACE) not found");
  });

  it("a mistyped workspace ID is 'not found' (exit 4) in every list, not an empty list", async () => {
    for (const list of [["apps", "list"], ["kb", "list"], ["keys", "list"], ["memory", "list"], ["logs"]]) {
      const result = await cli.run(["--profile", "live", ...list, "-w", "ws-doesnotexist0000", "--json"]);
      expect({ list, code: result.code, stdout: result.stdout }).toEqual({ list, code: 4, stdout: "" });
      expect(result.stderr).toContain("workspace ws-doesnotexist0000 not found");
    }
    expect((await cli.run(["--profile", "live", "apps", "list", "-w", defaultWs, "--json"])).code).toBe(0);
  });

  it("login --with-token reads the token from standard input", async () => {
    const sandbox = createSandbox();
    try {
      const result = await sandbox.run(["login", "--url", server.url, "--with-token"], { input: `${server.adminToken}\n` });
      expect(result.stderr).toContain(`Logged in to ${server.url} as admin (profile default)`);
      expect(result.code).toBe(0);
      const stored = JSON.parse(readFileSync(join(sandbox.configDir, "config.json"), "utf8"));
      expect(stored).toMatchObject({ currentProfile: "default", profiles: { default: { token: server.adminToken, tokenCreatedByCli: false } } });
      const empty = await sandbox.run(["--profile", "x", "login", "--url", server.url, "--with-token"], { input: "" });
      expect(empty.code).toBe(2);
      expect(empty.stderr).toContain("no token on standard input");
      const both = await sandbox.run(["login", "--url", server.url, "--with-token", "--token", server.adminToken], { input: "" });
      expect(both.code).toBe(2);
      expect(both.stderr).toContain("use only one of --token, --with-token and --password-stdin");
    } finally {
      sandbox.cleanup();
    }
  });
});
