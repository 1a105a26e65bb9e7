import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";

/** A tool the test server offers: its listing and what a call returns. */
interface TestTool {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
  run(args: Record<string, unknown>): Promise<{ content: { type: "text"; text: string }[]; structuredContent?: Record<string, unknown>; isError?: boolean }>;
}

export interface TestMcpServer {
  /** Streamable HTTP endpoint: `http://127.0.0.1:PORT/mcp`. */
  url: string;
  /** HTTP+SSE endpoint (the older transport): `http://127.0.0.1:PORT/sse`. */
  sseUrl: string;
  port: number;
  /** Every HTTP request received, with its headers: proves what reached the server. */
  requests: { method: string; path: string; headers: IncomingMessage["headers"] }[];
  /** Tool calls received, in order. */
  calls: { name: string; arguments: Record<string, unknown> }[];
  close(): Promise<void>;
}

const text = (t: string) => ({ content: [{ type: "text" as const, text: t }] });
const obj = (properties: Record<string, unknown>, required: string[] = []) => ({ type: "object", properties, required });

/**
 * A small MCP server of the tests' own, made with the same SDK, on 127.0.0.1: streamable HTTP at
 * `/mcp` (stateless, a fresh server per request) and HTTP+SSE at `/sse` + `/messages`. Tools:
 * `echo`, `add` (structured result), `fail` (a tool error), `wait` (answers after `ms`) and
 * `hidden` (for allowed-tools filters).
 */
export async function startTestMcpServer(): Promise<TestMcpServer> {
  const requests: TestMcpServer["requests"] = [];
  const calls: TestMcpServer["calls"] = [];
  const pending = new Set<() => void>();
  const tools: TestTool[] = [
    {
      name: "echo",
      description: "Echoes the text back",
      inputSchema: obj({ text: { type: "string" } }, ["text"]),
      run: async (a) => text(`echo: ${String(a.text)}`),
    },
    {
      name: "add",
      description: "Adds two numbers",
      inputSchema: obj({ a: { type: "number" }, b: { type: "number" } }, ["a", "b"]),
      run: async (a) => ({ ...text(String(Number(a.a) + Number(a.b))), structuredContent: { sum: Number(a.a) + Number(a.b) } }),
    },
    { name: "fail", description: "Always reports an error", inputSchema: obj({}), run: async () => ({ ...text("something broke"), isError: true }) },
    {
      name: "wait",
      description: "Answers after ms milliseconds",
      inputSchema: obj({ ms: { type: "number" } }),
      run: (a) =>
        new Promise((resolve) => {
          const done = () => {
            clearTimeout(timer);
            pending.delete(done);
            resolve(text("waited"));
          };
          const timer = setTimeout(done, Number(a.ms ?? 0));
          pending.add(done);
        }),
    },
    { name: "hidden", description: "A tool an allowed-tools list leaves out", inputSchema: obj({}), run: async () => text("hidden ran") },
  ];

  const newServer = () => {
    const server = new Server({ name: "appstudio-test-mcp", version: "1.0.0" }, { capabilities: { tools: {} } });
    server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: tools.map(({ run: _run, ...listing }) => listing) }));
    server.setRequestHandler(CallToolRequestSchema, async (request) => {
      const args = (request.params.arguments ?? {}) as Record<string, unknown>;
      calls.push({ name: request.params.name, arguments: args });
      const tool = tools.find((t) => t.name === request.params.name);
      if (!tool) return { ...text(`unknown tool ${request.params.name}`), isError: true };
      return tool.run(args);
    });
    return server;
  };

  const sseSessions = new Map<string, SSEServerTransport>();
  const http = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    requests.push({ method: req.method ?? "", path, headers: req.headers });
    handle(req, res, path).catch((err) => {
      if (!res.headersSent) res.writeHead(500).end(String(err));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse, path: string) {
    if (path === "/mcp") {
      if (req.method !== "POST") return void res.writeHead(405, { allow: "POST" }).end();
      const body = JSON.parse(await readBody(req));
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      const server = newServer();
      res.on("close", () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      await transport.handleRequest(req, res, body);
      return;
    }
    if (path === "/sse" && req.method === "GET") {
      const transport = new SSEServerTransport("/messages", res);
      sseSessions.set(transport.sessionId, transport);
      res.on("close", () => sseSessions.delete(transport.sessionId));
      await newServer().connect(transport);
      return;
    }
    if (path === "/messages" && req.method === "POST") {
      const sessionId = new URL(req.url ?? "/", "http://127.0.0.1").searchParams.get("sessionId") ?? "";
      const transport = sseSessions.get(sessionId);
      if (!transport) return void res.writeHead(404).end("no such session");
      await transport.handlePostMessage(req, res, JSON.parse(await readBody(req)));
      return;
    }
    res.writeHead(404).end();
  }

  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const port = (http.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    sseUrl: `http://127.0.0.1:${port}/sse`,
    port,
    requests,
    calls,
    async close() {
      for (const done of [...pending]) done();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
