export const mcpTransports = ["streamable-http", "sse"] as const;
/** `streamable-http`: the current MCP HTTP transport. `sse`: the older HTTP+SSE transport (2024-11-05). */
export type McpTransport = (typeof mcpTransports)[number];

/**
 * A workspace's MCP service: a remote MCP server its agent apps and workflows may call. Header
 * values (credentials) are sealed at rest and never shown again; only their names are.
 */
export interface McpService {
  /** `mcp-` + 16 hex characters. */
  id: string;
  workspaceId: string;
  /** Unique in the workspace; it prefixes the tool names the model sees, so it is kept short. */
  name: string;
  description: string;
  url: string;
  transport: McpTransport;
  /** Names of the headers sent with every request; their values are sealed. */
  headerNames: string[];
  /** Tools apps may use; empty means every tool the server lists. */
  allowedTools: string[];
  /** Bound on connecting and on each tool call. */
  timeoutMs: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** As stored: the header map is sealed as one JSON object ({@link SecretSealer.seal}). */
export interface McpServiceRecord extends McpService {
  headersSealed: string | null;
}

export type McpServicePatch = Partial<
  Pick<McpServiceRecord, "name" | "description" | "url" | "transport" | "headerNames" | "headersSealed" | "allowedTools" | "timeoutMs">
> & { updatedAt: string };
