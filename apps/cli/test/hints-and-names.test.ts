import { readFileSync } from "node:fs";
import { type FakeModelServer, startFakeModelServer } from "@appstudio/core/testing";
import { startTestServer, type TestServer } from "@appstudio/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VERSION } from "../src/commands/version.js";
import { CLI_BIN, type CliSandbox, createSandbox, freePort, loggedInSandbox, runProcess } from "./support/cli-runner.js";

/** The command inside the first `backticks` of a hint, as printed. */
const hintedCommand = (stderr: string) => /`(appstudio [^`]+)`/.exec(stderr)?.[1];

/** Workspaces named by name, hints that work when followed, --json errors, rollback --yes, completion and version. */
describe("names, hints and errors", () => {
  let model: FakeModelServer;
  let server: TestServer;
  let cli: CliSandbox;
  let teamWs: string;

  beforeAll(async () => {
    model = await startFakeModelServer();
    // A fixed port, so the base URLs the server advertises carry the real one.
    const port = await freePort();
    server = await startTestServer({
      env: {
        PORT: String(port),
        APPSTUDIO_PROVIDERS: JSON.stringify([{ name: "fake", baseUrl: model.url, models: ["*"] }]),
        // Two regions, so two workspaces are named "default".
        APPSTUDIO_REGIONS: JSON.stringify([
          { id: "local", name: "Local", sharedOrigin: `http://127.0.0.1:${port}`, apiDomain: "localhost" },
          { id: "eu", name: "Europe", sharedOrigin: `http://api-eu.localhost:${port}`, apiDomain: "localhost" },
        ]),
      },
    });
    cli = await loggedInSandbox(server);
    teamWs = (await cli.run(["workspaces", "create", "Team A"])).stdout.trim();
  });
  afterAll(async () => {
    cli.cleanup();
    await server.close();
    await model.close();
  });

  /** Runs a command line exactly as a user pastes it into bash, with `appstudio` being this CLI. */
  const shell = (sandbox: CliSandbox, line: string) =>
    runProcess("bash", ["-c", `appstudio() { "${process.execPath}" "${CLI_BIN}" "$@"; }\n${line}`], sandbox.env);

  it("-w, APPSTUDIO_WORKSPACE and the workspaces commands take a workspace's name", async () => {
    const created = await cli.run(["apps", "create", "named-ws-app", "--type", "agent", "-w", "Team A", "--json"]);
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout).workspaceId).toBe(teamWs);
    const listed = JSON.parse((await cli.run(["apps", "list", "-w", "Team A", "--json"])).stdout);
    expect(listed.map((a: { name: string }) => a.name)).toEqual(["named-ws-app"]);
    const fromEnv = await cli.run(["apps", "list", "--json"], { env: { APPSTUDIO_WORKSPACE: "Team A" } });
    expect(JSON.parse(fromEnv.stdout).map((a: { name: string }) => a.name)).toEqual(["named-ws-app"]);
    expect(JSON.parse((await cli.run(["workspaces", "get", "Team A", "--json"])).stdout).id).toBe(teamWs);
    expect(JSON.parse((await cli.run(["workspaces", "current", "--json"], { env: { APPSTUDIO_WORKSPACE: "Team A" } })).stdout).id).toBe(teamWs);

    const unknown = await cli.run(["apps", "list", "-w", "Team Z"]);
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toContain("workspace 'Team Z' not found");
    const unknownEnv = await cli.run(["apps", "list"], { env: { APPSTUDIO_WORKSPACE: "Team Z" } });
    expect(unknownEnv.code).toBe(4);
    expect(unknownEnv.stderr).toContain("workspace 'Team Z' (from APPSTUDIO_WORKSPACE) not found");

    // Names are unique per region only: every region has a "default". An ambiguous name is refused with the candidates' IDs.
    const ids = JSON.parse((await cli.run(["workspaces", "list", "--name", "default", "--json"])).stdout).map((w: { id: string }) => w.id);
    expect(ids).toHaveLength(2);
    const ambiguous = await cli.run(["apps", "list", "-w", "default"]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain("2 workspaces are named 'default'");
    for (const id of ids) expect(ambiguous.stderr).toContain(id);
  });

  it("the publish hint after `apps create -w` carries the workspace and quotes a name with spaces; it works as printed", async () => {
    const created = await cli.run(["apps", "create", "Support bot", "--type", "agent", "-w", teamWs]);
    expect(created.code).toBe(0);
    const hint = hintedCommand(created.stderr);
    expect(hint).toBe(`appstudio apps publish 'Support bot' -w ${teamWs}`);
    const followed = await shell(cli, String(hint));
    expect(followed.stderr).toContain("Published Support bot as v1");
    expect(followed.code).toBe(0);
    // In the current workspace no -w is needed, and none is printed.
    const here = await cli.run(["apps", "create", "plain", "--type", "agent"]);
    expect(hintedCommand(here.stderr)).toBe("appstudio apps publish plain");
  });

  it("call on a draft says so and how to publish it; the hint works", async () => {
    await cli.run(["apps", "create", "drafty", "--type", "agent", "-w", teamWs]);
    const key = (await cli.run(["keys", "create", "-w", teamWs])).stdout.trim();
    const call = await cli.run(["call", "drafty", "hi", "-w", teamWs, "--api-key", key]);
    expect(call.code).toBe(6);
    expect(call.stderr).toContain("error: app drafty is a draft — publish it before calling it");
    expect((await shell(cli, String(hintedCommand(call.stderr)))).code).toBe(0);
    const again = await cli.run(["call", "drafty", "hi", "-w", teamWs, "--api-key", key, "--no-stream"]);
    expect(again.stdout).toBe("Echo: hi\n");
    expect(again.code).toBe(0);
  });

  it("env offers to create a key only to those who may; hints for refusals name no workspace role and no failed command", async () => {
    await server.call("POST", "/manage/v1/users", { token: server.adminToken, body: { loginName: "mia", password: "mia-password-1" } });
    expect((await cli.run(["members", "add", "mia", "--role", "member", "-w", teamWs])).code).toBe(0);
    const adminEnv = await cli.run(["env", "Support bot", "-w", teamWs]);
    expect(adminEnv.stdout).toContain(`export DASHSCOPE_API_KEY=$(appstudio keys create -w ${teamWs})`);

    const mia = createSandbox();
    try {
      expect((await mia.run(["login", "--url", server.url, "--user", "mia", "--password-stdin"], { input: "mia-password-1\n" })).code).toBe(0);
      const env = await mia.run(["env", "Support bot", "-w", "Team A"]);
      expect(env.code).toBe(0);
      expect(env.stdout).toContain(`# DASHSCOPE_API_KEY is not set here: ask an admin of workspace ${teamWs} for an API key`);
      expect(env.stdout).not.toContain("keys create");
      expect(env.stdout).not.toContain("--create-key");

      const all = await mia.run(["workspaces", "list", "--all"]);
      expect(all.code).toBe(3);
      expect(all.stderr).toContain("code InsufficientPermissions, HTTP 403");
      expect(all.stderr).toContain("hint: ask a super administrator");
      expect(all.stderr).not.toContain("workspace role");
    } finally {
      mia.cleanup();
    }

    const badToken = await createSandbox().run(["login", "--url", server.url, "--token", "ast_not_a_real_token"]);
    expect(badToken.code).toBe(3);
    expect(badToken.stderr).toContain("the token was refused");
    expect(hintedCommand(badToken.stderr)).toBe(`appstudio login --url ${server.url}`);
  });

  it("--json errors are one JSON object on stderr, with the exit code", async () => {
    const missing = await cli.run(["apps", "get", "no-such-app", "--json"]);
    expect(missing.code).toBe(4);
    expect(missing.stdout).toBe("");
    expect(JSON.parse(missing.stderr)).toEqual({
      error: {
        code: "NotFound",
        message: "App 'no-such-app' was not found.",
        httpStatus: 404,
        requestId: expect.any(String),
        details: { resource: "App", id: "no-such-app" },
        exitCode: 4,
      },
    });
    const usage = await cli.run(["apps", "list", "--bogus", "--json"]);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stderr)).toEqual({ error: { code: "Usage", message: "unknown option '--bogus'", exitCode: 2 } });
    const local = await cli.run(["apps", "list", "-w", "Team Z", "--json"]);
    expect(JSON.parse(local.stderr).error).toMatchObject({ code: "NotFound", message: "workspace 'Team Z' not found", hint: expect.any(String), exitCode: 4 });
    // Without --json errors stay text.
    expect((await cli.run(["apps", "get", "no-such-app"])).stderr).toMatch(/^error: /);
  });

  it("rollback asks for confirmation: --yes when not on a terminal", async () => {
    await cli.run(["apps", "publish", "plain"]);
    await cli.run(["apps", "publish", "plain"]);
    const refused = await cli.run(["apps", "rollback", "plain", "1"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("Pass --yes to confirm");
    expect(JSON.parse((await cli.run(["apps", "versions", "plain", "--json"])).stdout)).toHaveLength(2);
    const done = await cli.run(["apps", "rollback", "plain", "1", "--yes"]);
    expect(done.code).toBe(0);
    expect(done.stderr).toContain("now published as v3");
  });

  it("completion bash completes commands, subcommands, flags and flag values; zsh and fish scripts cover the same tree", async () => {
    const bash = await cli.run(["completion", "bash"]);
    expect(bash.code).toBe(0);
    const complete = async (words: string[]) => {
      const script = `source /dev/stdin <<'EOF'\n${bash.stdout}EOF\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _appstudio; echo "\${COMPREPLY[*]}"`;
      return (await runProcess("bash", ["-c", script], cli.env)).stdout.trim().split(" ");
    };
    expect(await complete(["appstudio", "wo"])).toEqual(["workspaces"]);
    expect(await complete(["appstudio", "apps", "pu"])).toEqual(["publish"]);
    expect(await complete(["appstudio", "apps", "rollback", "x", "1", "--y"])).toEqual(["--yes"]);
    expect(await complete(["appstudio", "apps", "create", "bot", "--type", ""])).toEqual(["agent", "workflow"]);
    // A flag's value is not a command: `-w ws` stays in `apps`.
    expect(await complete(["appstudio", "apps", "-w", "ws", "li"])).toEqual(["list"]);

    const zsh = (await cli.run(["completion", "zsh"])).stdout;
    expect(zsh.split("\n").slice(0, 2)).toEqual(["#compdef appstudio", "autoload -U +X bashcompinit && bashcompinit"]);
    expect(zsh).toContain("complete -o default -F _appstudio appstudio");
    const fish = (await cli.run(["completion", "fish"])).stdout;
    expect(fish).toContain("complete -c appstudio -n '__appstudio_at \\'apps\\'' -a 'publish'");
    expect(fish).toContain("complete -c appstudio -n '__appstudio_at \\'apps create\\'' -l type -x -a 'agent workflow'");
    expect((await cli.run(["completion", "tcsh"])).code).toBe(2);
  });

  it("version prints the CLI's version, as text and JSON", async () => {
    expect(VERSION).toBe(JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version);
    const text = await cli.run(["version"]);
    expect(text.stdout).toMatch(new RegExp(`^appstudio ${VERSION.replaceAll(".", "\\.")} \\(Node\\.js v\\d+`));
    expect(JSON.parse((await cli.run(["version", "--json"])).stdout)).toEqual({ version: VERSION, node: process.version, platform: expect.any(String) });
    expect((await cli.run(["--version"])).stdout.trim()).toBe(VERSION);
  });
});
