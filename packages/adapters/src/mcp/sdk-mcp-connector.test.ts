import type { McpTarget } from "@appstudio/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSdkMcpConnector } from "./sdk-mcp-connector.js";
import { startTestMcpServer, type TestMcpServer } from "./testing/test-mcp-server.js";

describe("MCP connector over the SDK (a test MCP server on 127.0.0.1)", () => {
  let mcp: TestMcpServer;
  const connector = createSdkMcpConnector({ network: "any" });
  const never = new AbortController().signal;
  beforeAll(async () => {
    mcp = await startTestMcpServer();
  });
  afterAll(() => mcp?.close());

  const target = (over: Partial<McpTarget> = {}): McpTarget => ({ url: mcp.url, transport: "streamable-http", headers: {}, timeoutMs: 5000, ...over });

  for (const transport of ["streamable-http", "sse"] as const) {
    it(`lists and calls tools over ${transport}, sending the configured headers on every request`, async () => {
      const before = mcp.requests.length;
      const url = transport === "sse" ? mcp.sseUrl : mcp.url;
      const connection = await connector.connect(target({ url, transport, headers: { Authorization: `Bearer t-${transport}` } }), never);
      try {
        const tools = await connection.listTools(never);
        expect(tools.map((t) => t.name)).toEqual(["echo", "add", "fail", "wait", "hidden"]);
        expect(tools[0]).toMatchObject({ description: "Echoes the text back", inputSchema: { type: "object", required: ["text"] } });
        expect(await connection.callTool("echo", { text: "hi" }, never)).toEqual({ text: "echo: hi", isError: false });
        expect(await connection.callTool("add", { a: 2, b: 3 }, never)).toEqual({ text: "5", isError: false, structured: { sum: 5 } });
        expect(await connection.callTool("fail", {}, never)).toEqual({ text: "something broke", isError: true });
      } finally {
        await connection.close();
      }
      const seen = mcp.requests.slice(before);
      expect(seen.length).toBeGreaterThanOrEqual(3);
      for (const r of seen) expect(r.headers.authorization).toBe(`Bearer t-${transport}`);
    });
  }

  it("times a slow tool call out with a TimeoutError", async () => {
    const connection = await connector.connect(target({ timeoutMs: 1000 }), never);
    try {
      await expect(connection.callTool("wait", { ms: 20_000 }, never)).rejects.toMatchObject({ name: "TimeoutError" });
    } finally {
      await connection.close();
    }
  });

  it("reports a server that is down, and a URL that is no MCP endpoint, with the reason", async () => {
    const down = await startTestMcpServer();
    await down.close();
    await expect(connector.connect(target({ url: down.url }), never)).rejects.toThrow(/could not connect: .*ECONNREFUSED/);
    await expect(connector.connect(target({ url: `http://127.0.0.1:${mcp.port}/nothing-here` }), never)).rejects.toThrow(/could not connect: .*404/);
  });

  it("under the 'public' policy refuses loopback before any request leaves, for both transports", async () => {
    const guarded = createSdkMcpConnector({ network: "public" });
    const before = mcp.requests.length;
    for (const [url, transport] of [
      [mcp.url, "streamable-http"],
      [mcp.sseUrl, "sse"],
      [`http://localhost:${mcp.port}/mcp`, "streamable-http"],
      [`http://[::ffff:127.0.0.1]:${mcp.port}/mcp`, "streamable-http"],
    ] as const) {
      await expect(guarded.connect(target({ url, transport }), never), url).rejects.toThrow(/not a public address \(outbound network policy 'public'\)/);
    }
    expect(mcp.requests.length).toBe(before);
  });
});
