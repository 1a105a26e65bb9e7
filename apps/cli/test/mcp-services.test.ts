import { startTestMcpServer, type TestMcpServer } from "@appstudio/adapters/testing/mcp-server";
import { startTestServer, type TestServer } from "@appstudio/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_BIN, type CliSandbox, loggedInSandbox, runProcess } from "./support/cli-runner.js";

describe("appstudio mcp-services", () => {
  let server: TestServer;
  let mcp: TestMcpServer;
  let cli: CliSandbox;

  beforeAll(async () => {
    mcp = await startTestMcpServer();
    server = await startTestServer();
    cli = await loggedInSandbox(server);
  });
  afterAll(async () => {
    cli.cleanup();
    await server?.close();
    await mcp?.close();
  });

  it("the hint after `create -w` carries the workspace and works as printed", async () => {
    const otherWs = (await cli.run(["workspaces", "create", "MCP team"])).stdout.trim();
    const created = await cli.run(["mcp-services", "create", "calc-team", "--url", mcp.url, "-w", otherWs]);
    expect(created.code, created.stderr).toBe(0);
    const hint = /`(appstudio [^`]+)`/.exec(created.stderr)?.[1];
    expect(hint).toBe(`appstudio mcp-services tools calc-team -w ${otherWs}`);
    const followed = await runProcess("bash", ["-c", `appstudio() { "${process.execPath}" "${CLI_BIN}" "$@"; }\n${hint}`], cli.env);
    expect(followed.code, followed.stderr).toBe(0);
    expect(followed.stdout).toMatch(/echo\s+yes/);
  });

  it("create (ID alone on stdout), list, get, tools, update, delete; header values never printed", async () => {
    const created = await cli.run(["mcp-services", "create", "calc", "--url", mcp.url, "--header", "Authorization: Bearer cli-secret-123", "--allow", "echo"]);
    expect(created.code, created.stderr).toBe(0);
    const id = created.stdout.trim();
    expect(id).toMatch(/^mcp-[0-9a-f]{16}$/);

    const list = JSON.parse((await cli.run(["mcp-services", "list", "--json"])).stdout);
    expect(list).toEqual([expect.objectContaining({ id, name: "calc", headerNames: ["Authorization"], allowedTools: ["echo"] })]);
    const shown = await cli.run(["mcp-services", "get", "calc"]);
    expect(shown.stdout).toMatch(/Headers:\s+Authorization \(values stored encrypted\)/);

    const tools = await cli.run(["mcp-services", "tools", "calc"]);
    expect(tools.code, tools.stderr).toBe(0);
    expect(tools.stdout).toMatch(/echo\s+yes/);
    expect(tools.stdout).toMatch(/hidden\s+no/);
    expect(mcp.requests.at(-1)?.headers.authorization).toBe("Bearer cli-secret-123");

    expect((await cli.run(["mcp-services", "update", id, "--allow-all", "--timeout-ms", "5000"])).code).toBe(0);
    expect(JSON.parse((await cli.run(["mcp-services", "get", id, "--json"])).stdout)).toMatchObject({ allowedTools: [], timeoutMs: 5000 });
    expect((await cli.run(["mcp-services", "update", id, "--header", "no colon"])).code).toBe(2);

    for (const out of [created, shown, tools]) expect(out.stdout + out.stderr).not.toContain("cli-secret-123");

    const down = await cli.run(["mcp-services", "create", "down", "--url", "http://127.0.0.1:9/mcp", "--timeout-ms", "1000"]);
    const failed = await cli.run(["mcp-services", "tools", down.stdout.trim()]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("could not list tools");

    expect((await cli.run(["mcp-services", "delete", "calc", "--yes"])).code).toBe(0);
    expect((await cli.run(["mcp-services", "get", id])).code).toBe(4);
  });
});
