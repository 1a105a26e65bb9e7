import { spawn } from "node:child_process";
import { type FakeModelServer, startFakeModelServer } from "@appstudio/core/testing";
import { startTestServer, type TestServer } from "@appstudio/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_BIN, type CliSandbox, createSandbox, freePort, runProcess } from "./support/cli-runner.js";

describe("appstudio env / call / logs against the DashScope-compatible API", () => {
  let model: FakeModelServer;
  let server: TestServer;
  let cli: CliSandbox;
  let appId: string;
  let subAppId: string;
  let subWs: string;
  let key: string;

  beforeAll(async () => {
    model = await startFakeModelServer();
    // A fixed port, so the base URLs the server advertises (shared and dedicated host) carry the real one.
    const port = await freePort();
    server = await startTestServer({ env: { PORT: String(port), APPSTUDIO_PROVIDERS: JSON.stringify([{ name: "fake", baseUrl: model.url, models: ["*"] }]) } });
    cli = createSandbox();
    const run = async (args: string[]) => {
      const result = await cli.run(args);
      if (result.code !== 0) throw new Error(`${args.join(" ")}: ${result.stderr}`);
      return result.stdout.trim();
    };
    await run(["login", "--url", server.url, "--token", server.adminToken]);
    appId = await run(["apps", "create", "helper", "--type", "agent"]);
    await run(["apps", "publish", "helper"]);
    key = await run(["keys", "create", "--description", "tests"]);
    subWs = await run(["workspaces", "create", "Team"]);
    subAppId = await run(["apps", "create", "team-helper", "--type", "agent", "-w", subWs]);
    await run(["apps", "publish", subAppId]);
  });
  afterAll(async () => {
    cli.cleanup();
    await server.close();
    await model.close();
  });

  const bash = (script: string) => runProcess("bash", ["-c", script], { ...cli.env, CLI: `${process.execPath} ${CLI_BIN}` });

  it("env prints export lines for the app; evaluated in a shell they drive a real DashScope call (JSON and SSE)", async () => {
    const env = await cli.run(["env", "helper"]);
    expect(env.code).toBe(0);
    const ws = (await server.call("GET", `/manage/v1/apps/${appId}`, { token: server.adminToken })).body.workspaceId;
    const port = new URL(server.url).port;
    expect(env.stdout).toContain(`export APPSTUDIO_APP_ID='${appId}'\n`);
    expect(env.stdout).toContain(`export DASHSCOPE_WORKSPACE_ID='${ws}'\n`);
    expect(env.stdout).toContain(`export DASHSCOPE_HTTP_BASE_URL='http://${ws}.local.localhost:${port}/api/v1'\n`);
    expect(env.stdout).toContain(`# export DASHSCOPE_HTTP_BASE_URL='http://localhost:${port}/api/v1'`);

    // As a user would: eval the output, then call the app the way the DashScope SDKs build the URL
    // (base_http_api_url + /apps/{app_id}/completion). curl resolves *.localhost to loopback itself.
    const json = await bash(`set -e; eval "$($CLI env helper --create-key)"
      curl -sS "$DASHSCOPE_HTTP_BASE_URL/apps/$APPSTUDIO_APP_ID/completion" -H "Authorization: Bearer $DASHSCOPE_API_KEY" \\
        -H "Content-Type: application/json" -d '{"input":{"prompt":"hello from the shell"}}'`);
    expect(json.stderr).toBe("");
    const body = JSON.parse(json.stdout);
    expect(body.output).toMatchObject({ text: "Echo: hello from the shell", finish_reason: "stop", session_id: expect.stringMatching(/^[0-9a-f]{32}$/) });

    const sse = await bash(`set -e; eval "$($CLI env helper --create-key)"
      curl -sSN "$DASHSCOPE_HTTP_BASE_URL/apps/$APPSTUDIO_APP_ID/completion" -H "Authorization: Bearer $DASHSCOPE_API_KEY" \\
        -H "Content-Type: application/json" -H "X-DashScope-SSE: enable" -d '{"input":{"prompt":"stream it"},"parameters":{"incremental_output":true}}'`);
    expect(sse.stdout).toMatch(/^id:1\nevent:result\n:HTTP_STATUS\/200\ndata:\{/);
    expect(sse.stdout).toContain('"finish_reason":"stop"');
  });

  it("env --shared for a sub-workspace app: the shared base URL plus the workspace header works", async () => {
    const env = await cli.run(["env", "team-helper", "-w", subWs, "--shared"]);
    expect(env.stdout).toContain(`export DASHSCOPE_WORKSPACE_ID='${subWs}'`);
    expect(env.stdout).toContain("X-DashScope-WorkSpace");
    const result = await bash(`set -e; eval "$($CLI env ${subAppId} --shared --create-key)"
      curl -sS "$DASHSCOPE_HTTP_BASE_URL/apps/$APPSTUDIO_APP_ID/completion" -H "Authorization: Bearer $DASHSCOPE_API_KEY" \\
        -H "X-DashScope-WorkSpace: $DASHSCOPE_WORKSPACE_ID" -H "Content-Type: application/json" -d '{"input":{"prompt":"hi team"}}'`);
    expect(JSON.parse(result.stdout).output.text).toBe("Echo: hi team");
    const json = JSON.parse((await cli.run(["env", subAppId, "--json"])).stdout);
    expect(json).toMatchObject({ appId: subAppId, workspaceId: subWs, workspaceHeader: { "X-DashScope-WorkSpace": subWs } });
    expect(json.baseUrl).toBe(json.dedicatedBaseUrl);
  });

  it("call streams the answer as it arrives and prints the session ID on stderr", async () => {
    model.script({ text: "one two three four", chunks: 4, delayMs: 400 });
    const child = spawn(process.execPath, [CLI_BIN, "call", "helper", "count for me", "--api-key", key], { env: cli.env });
    const arrivals: { at: number; text: string }[] = [];
    let stderr = "";
    child.stdout.on("data", (c) => arrivals.push({ at: Date.now(), text: String(c) }));
    child.stderr.on("data", (c) => (stderr += c));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).toMatch(/session_id: [0-9a-f]{32}/);
    expect(code).toBe(0);
    expect(arrivals.map((a) => a.text).join("")).toBe("one two three four\n");
    // Streamed, not buffered: the first words were on stdout well before the last ones.
    expect(arrivals.length).toBeGreaterThan(2);
    expect((arrivals.at(-1)?.at ?? 0) - (arrivals[0]?.at ?? 0)).toBeGreaterThan(600);
  });

  it("call --session continues the conversation; --no-stream and --json print the whole answer", async () => {
    const first = await cli.run(["call", "helper", "my name is Ann"], { env: { DASHSCOPE_API_KEY: key } });
    expect(first.code).toBe(0);
    expect(first.stdout).toBe("Echo: my name is Ann\n");
    const session = /session_id: ([0-9a-f]{32})/.exec(first.stderr)?.[1];
    expect(session).toBeDefined();

    const second = await cli.run(["call", appId, "what is my name?", "--session", String(session), "--no-stream"], { env: { DASHSCOPE_API_KEY: key } });
    expect(second.code).toBe(0);
    expect(second.stdout).toBe("Echo: what is my name?\n");
    expect(second.stderr).toContain(`session_id: ${session}`);
    const history = model.requests.at(-1)?.body.messages?.map((m) => m.content);
    expect(history).toEqual(expect.arrayContaining(["my name is Ann", "Echo: my name is Ann", "what is my name?"]));

    const json = await cli.run(["call", "helper", "json please", "--no-stream", "--json", "--biz-params", '{"user_prompt_params":{"x":"1"}}'], {
      env: { DASHSCOPE_API_KEY: key },
    });
    expect(JSON.parse(json.stdout)).toMatchObject({ output: { text: "Echo: json please", finish_reason: "stop" }, request_id: expect.any(String) });
  });

  it("call with --base-url and an App ID needs no login", async () => {
    const stranger = createSandbox();
    try {
      const result = await stranger.run(["call", appId, "no login", "--base-url", `${server.url}/api/v1`, "--api-key", key]);
      expect(result.stdout).toBe("Echo: no login\n");
      expect(result.code).toBe(0);
    } finally {
      stranger.cleanup();
    }
  });

  it("call works from what env exports (DASHSCOPE_API_KEY, DASHSCOPE_HTTP_BASE_URL), in a shell with no login", async () => {
    const exported = await bash(`set -e; eval "$($CLI env helper --create-key)"; env | grep -E '^(DASHSCOPE|APPSTUDIO_APP_ID)' | sort`);
    const vars = Object.fromEntries(
      exported.stdout
        .trim()
        .split("\n")
        .map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]),
    );
    expect(vars.DASHSCOPE_HTTP_BASE_URL).toMatch(/^http:\/\/ws-[a-z0-9]{16}\.local\.localhost:\d+\/api\/v1$/);
    const stranger = createSandbox();
    try {
      // A CI job: the exported variables, no profile at all. By App ID, and by name (looked up with the key).
      const byId = await stranger.run(["call", vars.APPSTUDIO_APP_ID ?? "", "from env", "--no-stream"], { env: vars });
      expect(byId.stdout).toBe("Echo: from env\n");
      expect(byId.code).toBe(0);
      const byName = await stranger.run(["call", "helper", "by name"], { env: vars });
      expect(byName.stdout).toBe("Echo: by name\n");
      expect(byName.code).toBe(0);
      const unknown = await stranger.run(["call", "nobody", "hi"], { env: vars });
      expect(unknown.code).toBe(4);
      expect(unknown.stderr).toContain("no app named 'nobody' that this API key can call");
    } finally {
      stranger.cleanup();
    }
  });

  it("call error paths: no key, bad key (3), unknown app (4), bad --biz-params (2), failure mid-stream (1)", async () => {
    const noKey = await cli.run(["call", "helper", "hi"]);
    expect(noKey.code).toBe(3);
    expect(noKey.stderr).toContain("error: no API key");

    const badKey = await cli.run(["call", "helper", "hi", "--api-key", "sk-0000000000000000000000000000000000000000"]);
    expect(badKey.code).toBe(3);
    expect(badKey.stderr).toContain("code InvalidApiKey, HTTP 401");

    const unknown = await cli.run(["call", "nobody", "hi", "--api-key", key]);
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toContain("error: App 'nobody' was not found.");

    const badJson = await cli.run(["call", "helper", "hi", "--api-key", key, "--biz-params", "{nope"]);
    expect(badJson.code).toBe(2);
    expect(badJson.stderr).toContain("--biz-params must be a JSON object");

    // The model connection drops after the first words: the server reports it with an
    // `event:error` frame mid-stream, which the CLI turns into an error after the partial answer.
    model.script({ text: "partial answer that breaks", chunks: 4, delayMs: 300, dropAfterFrames: 3 });
    const broken = await cli.run(["call", "helper", "break", "--api-key", key]);
    expect(broken.code).toBe(1);
    // Three frames reach the client (role, "partial", " answer") before the connection breaks.
    expect(broken.stdout).toBe("partial answer\n");
    expect(broken.stderr).toContain("code ModelServiceFailed, HTTP 500");
    expect(broken.stderr).not.toMatch(/\n\s+at /);
  });

  it("logs lists the calls, as a table and as JSON, with filters", async () => {
    const json = JSON.parse((await cli.run(["logs", "--app", "helper", "--json", "--limit", "200"])).stdout);
    expect(json.length).toBeGreaterThanOrEqual(5);
    expect(json[0]).toMatchObject({ appId, requestId: expect.any(String), source: "api", streamed: expect.any(Boolean), latencyMs: expect.any(Number) });
    expect(json.every((l: { appId: string }) => l.appId === appId)).toBe(true);
    const errors = JSON.parse((await cli.run(["logs", "--status", "error", "--json"])).stdout);
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(errors.every((l: { status: number }) => l.status >= 400)).toBe(true);

    const table = await cli.run(["logs", "--since", "1h"]);
    expect(table.code).toBe(0);
    expect(
      table.stdout
        .split("\n")[0]
        ?.trim()
        .split(/\s{2,}/),
    ).toEqual(["STARTED", "REQUEST ID", "APP ID", "STATUS", "SOURCE", "LATENCY", "TOKENS IN/OUT", "STREAM", "SESSION"]);
    expect(table.stdout).toContain(appId);
    const badSince = await cli.run(["logs", "--since", "yesterday-ish"]);
    expect(badSince.code).toBe(2);
  });
});
