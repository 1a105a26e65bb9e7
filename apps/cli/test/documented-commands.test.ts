import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { type FakeModelServer, startFakeModelServer } from "@appstudio/core/testing";
import { startTestServer, type TestServer } from "@appstudio/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_BIN, type CliSandbox, createSandbox, freePort, runProcess } from "./support/cli-runner.js";

const ROOT = resolve(import.meta.dirname, "../../..");

/** Lines of the `sh` blocks that are not run here, and why. Everything else must run as written. */
const NOT_RUN: [RegExp, string][] = [
  [/^npm /, "installs, links, starts or tests the checkout itself"],
  [/^appstudio serve\b/, "the test server is already running"],
  [/^appstudio login --url \S+\s*(#.*)?$/, "prompts for a password on a terminal; the test logs in with --token instead"],
  [/5ccc140108fd4b2ea5e6101fbada7583/, "example output with an example App ID"],
];

/** What a command line starts with; other lines of a block are example output. */
const COMMAND = /^(appstudio|eval|export|curl|echo|source|[A-Z_]+=)/;

/** The runnable command lines of a Markdown file's `sh` blocks, continuation lines joined, `$ ` prompts removed. */
function documentedCommands(file: string): string[] {
  const blocks = [...readFileSync(join(ROOT, file), "utf8").matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
  return blocks.flatMap((block) =>
    block
      .replace(/\\\n\s*/g, " ")
      .split("\n")
      .map((line) => line.replace(/^\$ /, "").trim())
      .filter((line) => COMMAND.test(line) && !NOT_RUN.some(([pattern]) => pattern.test(line))),
  );
}

/**
 * Every command README.md and docs/cli.md show, run in order in one bash (so `eval` and `export`
 * carry over, as in a user's terminal) against a real server. Example values become the test
 * server's: its URL, the default workspace's ID, a real personal access token.
 */
describe("the commands shown in README.md and docs/cli.md run as written", () => {
  let model: FakeModelServer;
  let server: TestServer;
  let user: CliSandbox;
  let port: number;
  let defaultWs: string;

  beforeAll(async () => {
    model = await startFakeModelServer();
    port = await freePort();
    server = await startTestServer({ env: { PORT: String(port), APPSTUDIO_PROVIDERS: JSON.stringify([{ name: "fake", baseUrl: model.url, models: ["*"] }]) } });
    defaultWs = (await server.call("GET", "/manage/v1/workspaces", { token: server.adminToken })).body.items[0].id;
  });
  afterAll(async () => {
    await server.close();
    await model.close();
  });

  const login = () => `appstudio login --url http://localhost:${port} --token ${server.adminToken} 2>/dev/null`;

  async function runDocumented(file: string, setup: string): Promise<{ commands: string[]; failures: string[] }> {
    return runCommands(documentedCommands(file), setup);
  }

  async function runCommands(documented: string[], setup: string): Promise<{ commands: string[]; failures: string[] }> {
    user = createSandbox();
    // The default config location, as for a real user: docs read the token from ~/.config/appstudio.
    const { APPSTUDIO_CONFIG_DIR: _default, ...env } = user.env;
    // curl as in the docs, but failing on an HTTP error so a broken example cannot pass.
    writeFileSync(join(env.HOME ?? "", ".curlrc"), "fail-with-body\n");
    const commands = documented.map((line) =>
      line
        .replaceAll("localhost:8080", `localhost:${port}`)
        .replaceAll("ws-0123456789abcdef", defaultWs)
        .replaceAll("TOKEN=ast_...", `TOKEN=${server.adminToken}`),
    );
    const script = [
      "set -o pipefail",
      `appstudio() { "${process.execPath}" "${CLI_BIN}" "$@"; }`,
      setup,
      ...commands.map((command, i) => `{ ${command}\n} >/dev/null 2>/tmp/doc-step-$$ || { echo "FAILED step ${i}: $(cat /tmp/doc-step-$$)" >&2; }`),
      "rm -f /tmp/doc-step-$$",
    ].join("\n");
    try {
      const result = await runProcess("bash", ["-c", script], env, undefined, 120_000);
      const failures = result.stderr
        .split("\n")
        .filter((l) => l.startsWith("FAILED step "))
        .map((l) => `${commands[Number(/step (\d+)/.exec(l)?.[1])]} → ${l}`);
      return { commands, failures };
    } finally {
      user.cleanup();
    }
  }

  it("a command that fails is reported (the check itself works)", async () => {
    const { failures } = await runCommands(
      ["appstudio apps get no-such-app", "curl -s http://localhost:8080/api/v1/apps", "appstudio workspaces use nowhere"],
      login(),
    );
    expect(failures).toHaveLength(3);
    expect(failures[0]).toContain("App 'no-such-app' was not found");
  });

  it("docs/cli.md", async () => {
    const { commands, failures } = await runDocumented("docs/cli.md", login());
    expect(commands.length).toBeGreaterThanOrEqual(15);
    expect(commands.some((c) => c.startsWith('appstudio call support-bot "Hello"'))).toBe(true);
    expect(failures).toEqual([]);
  }, 180_000);

  it("README.md", async () => {
    // A README reader has logged in, has an app `my-agent` and (for the key-only lookups) an API key.
    const setup = [
      login(),
      "appstudio apps create my-agent --type agent >/dev/null 2>&1 && appstudio apps publish my-agent 2>/dev/null",
      "export DASHSCOPE_API_KEY=$(appstudio keys create --description readme 2>/dev/null)",
    ].join("\n");
    const { commands, failures } = await runDocumented("README.md", setup);
    expect(commands.length).toBeGreaterThanOrEqual(5);
    expect(commands.some((c) => c.includes("$APPSTUDIO_APP_ID/completion"))).toBe(true);
    expect(failures).toEqual([]);
  }, 180_000);
});
