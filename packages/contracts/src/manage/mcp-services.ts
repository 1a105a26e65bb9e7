import { Type } from "typebox";
import { PageQuery, Timestamp, WorkspaceId } from "./common.js";

export const McpTransport = Type.Union([Type.Literal("streamable-http"), Type.Literal("sse")], {
  description: "streamable-http: the current MCP HTTP transport; sse: the older HTTP+SSE transport",
});

/** An MCP service as shown. Header values are never returned, only their names. */
export const McpService = Type.Object({
  id: Type.String({ description: "mcp- + 16 hex characters" }),
  workspaceId: WorkspaceId,
  name: Type.String(),
  description: Type.String(),
  url: Type.String(),
  transport: McpTransport,
  headerNames: Type.Array(Type.String(), { description: "Headers sent with every request; their values are stored encrypted and never returned" }),
  allowedTools: Type.Array(Type.String(), { description: "Tools apps may use; empty: all the server lists" }),
  timeoutMs: Type.Integer(),
  createdBy: Type.String(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

const Headers = Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 8192 }), {
  description: 'Header name to value, e.g. {"Authorization": "Bearer ..."}; stored encrypted, never returned',
});
const AllowedTools = Type.Array(Type.String({ minLength: 1, maxLength: 128 }), { maxItems: 200, description: "Empty: every tool the server lists" });
const TimeoutMs = Type.Integer({ minimum: 1000, maximum: 120_000, description: "Bound on connecting and on each tool call (default 30000)" });
const Name = Type.String({
  minLength: 1,
  maxLength: 32,
  description: "Unique in the workspace; letters, digits, '_' or '-'. Prefixes the tool names models see",
});

export const CreateMcpServiceBody = Type.Object(
  {
    workspaceId: WorkspaceId,
    name: Name,
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    url: Type.String({ minLength: 1, maxLength: 2000, description: "The server's MCP endpoint, e.g. https://mcp.example.com/mcp (or its /sse URL)" }),
    transport: Type.Optional(McpTransport),
    headers: Type.Optional(Headers),
    allowedTools: Type.Optional(AllowedTools),
    timeoutMs: Type.Optional(TimeoutMs),
  },
  { additionalProperties: false },
);

export const UpdateMcpServiceBody = Type.Object(
  {
    name: Type.Optional(Name),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    url: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    transport: Type.Optional(McpTransport),
    headers: Type.Optional(
      Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 8192 }), { description: "Replaces every stored header; {} removes them" }),
    ),
    allowedTools: Type.Optional(AllowedTools),
    timeoutMs: Type.Optional(TimeoutMs),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const McpServiceListQuery = Type.Object(
  { ...PageQuery, workspaceId: Type.Optional(Type.String({ maxLength: 64, description: "Required: the workspace whose MCP services to list" })) },
  { additionalProperties: false },
);

export const McpServiceLookupQuery = Type.Object(
  { workspaceId: Type.Optional(Type.String({ maxLength: 64, description: "Look the service up by name in this workspace" })) },
  { additionalProperties: false },
);

export const McpTool = Type.Object({
  name: Type.String(),
  description: Type.String(),
  inputSchema: Type.Record(Type.String(), Type.Unknown()),
  allowed: Type.Boolean({ description: "Whether the service's allowed tools let apps use it" }),
});

export const McpToolListing = Type.Object({
  ok: Type.Boolean({ description: "false when the server could not be reached or refused; see error" }),
  latencyMs: Type.Integer(),
  tools: Type.Optional(Type.Array(McpTool)),
  error: Type.Optional(Type.String()),
});
