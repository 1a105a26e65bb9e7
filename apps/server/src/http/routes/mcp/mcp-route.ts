import { ErrorBody } from "@appstudio/contracts";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import type { Container } from "../../../container.js";
import type { TypedApp } from "../manage/types.js";
import { appToolsFor } from "./app-tools.js";
import { callAppTool } from "./call-app-tool.js";

/** A JSON-RPC message; the SDK checks the rest. One message per request: batches are not part of MCP since 2025-06-18. */
const JsonRpcMessage = Type.Object(
  { jsonrpc: Type.Literal("2.0"), method: Type.Optional(Type.String({ maxLength: 200, pattern: "^[A-Za-z0-9_./-]+$" })) },
  { additionalProperties: true, description: "One JSON-RPC 2.0 message of the MCP streamable HTTP transport" },
);

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

/**
 * `/api/v1/mcp`: the streamable HTTP MCP endpoint. Stateless: every POST carries one JSON-RPC
 * message and is answered on its own (no `Mcp-Session-Id`), so any server process can take any
 * request. GET (a server-to-client stream) and DELETE (ending a session) have nothing to serve
 * without sessions and answer 405, as the transport allows.
 */
export function mcpRoute(app: TypedApp, container: Container) {
  const tags = ["MCP"];
  app.post(
    "/mcp",
    {
      schema: {
        tags,
        summary: "MCP streamable HTTP endpoint: each published app this API key may call is a tool",
        security: [{ apiKey: [] }],
        body: JsonRpcMessage,
        response: errors,
      },
    },
    async (request, reply) => handOver(container, request, reply),
  );
  for (const method of ["GET", "DELETE"] as const) {
    app.route({
      method,
      url: "/mcp",
      schema: { tags, summary: `MCP: ${method} is not served (stateless server)`, security: [{ apiKey: [] }], response: { 405: Type.Unknown(), ...errors } },
      handler: async (_request, reply) =>
        reply
          .code(405)
          .header("allow", "POST")
          .send({
            jsonrpc: "2.0",
            error: { code: ErrorCode.ConnectionClosed, message: "Method not allowed: this MCP server is stateless; send POST." },
            id: null,
          }),
    });
  }
}

/** Hands the raw request to the SDK's transport, with an MCP server bound to this request's caller. */
async function handOver(container: Container, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const server = appToolServer(container, request, reply);
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  reply.hijack();
  // Headers set by our hooks (request ID, security headers) go out with the SDK's answer.
  for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) reply.raw.setHeader(name, value);
  reply.raw.on("close", () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(request.raw, reply.raw, request.body);
}

function appToolServer(container: Container, request: FastifyRequest, reply: FastifyReply): Server {
  const server = new Server(
    { name: "appstudio", version: "0.1.0" },
    {
      capabilities: { tools: { listChanged: false } },
      instructions: "Each tool is a published app of this workspace. Pass the session_id a call returns to continue that conversation.",
    },
  );
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: (await appToolsFor(container, request.appCaller)).map((t) => t.tool),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (call, extra) => {
    const target = (await appToolsFor(container, request.appCaller)).find((t) => t.tool.name === call.params.name);
    if (!target) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${call.params.name}`);
    return callAppTool(container, request, reply, target, call.params.arguments, {
      progressToken: call.params._meta?.progressToken,
      sendNotification: extra.sendNotification,
    });
  });
  return server;
}
