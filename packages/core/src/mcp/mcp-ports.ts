import type { McpTransport } from "./mcp-types.js";

/** Where and how to reach an MCP server, credentials already unsealed. */
export interface McpTarget {
  url: string;
  transport: McpTransport;
  headers: Record<string, string>;
  /** Bound on connecting (initialize) and on each request made over the connection. */
  timeoutMs: number;
}

/** A tool as the server lists it. */
export interface McpToolInfo {
  name: string;
  description: string;
  /** JSON Schema (type object) of the arguments. */
  inputSchema: Record<string, unknown>;
}

/** What a tool call returned: its text content joined, and whether the server flagged an error. */
export interface McpCallResult {
  text: string;
  isError: boolean;
  /** `structuredContent`, when the server sent one. */
  structured?: unknown;
}

/** An open MCP session. `close()` never throws. */
export interface McpConnection {
  listTools(signal: AbortSignal): Promise<McpToolInfo[]>;
  callTool(name: string, args: Record<string, unknown>, signal: AbortSignal): Promise<McpCallResult>;
  close(): Promise<void>;
}

/**
 * Opens MCP client sessions (`@modelcontextprotocol/sdk` in adapters). Implementations apply the
 * outbound network policy to the URL and to every request the transport makes, and reject with
 * an Error whose message says what went wrong (`name` `TimeoutError` for timeouts).
 */
export interface McpConnector {
  connect(target: McpTarget, signal: AbortSignal): Promise<McpConnection>;
}
