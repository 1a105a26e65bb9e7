import { authorize } from "../auth/authorize.js";
import type { Principal } from "../auth/principal.js";
import { lookupMcpService } from "./mcp-lookups.js";
import type { McpToolInfo } from "./mcp-ports.js";
import type { McpDeps } from "./mcp-services.js";
import { mcpTarget, redactHeaders } from "./mcp-target.js";

export interface McpToolListing {
  ok: boolean;
  latencyMs: number;
  /** Every tool the server lists, each marked whether the service's allowed tools let apps use it. */
  tools?: (McpToolInfo & { allowed: boolean })[];
  /** Why the server could not be reached or listed its tools; header values are removed. */
  error?: string;
}

/**
 * Connects to the service and lists its tools now: the connection test. Readers of the workspace's
 * services may run it (the URL and credentials are the ones an administrator stored). Never
 * throws for server-side failures: they are the answer.
 */
export async function listMcpServiceTools(deps: McpDeps, principal: Principal, id: string): Promise<McpToolListing> {
  const record = await lookupMcpService(deps, principal, id);
  authorize(principal, "mcp.read", { workspaceId: record.workspaceId });
  const started = performance.now();
  const latencyMs = () => Math.round(performance.now() - started);
  let headers: Record<string, string> = {};
  try {
    const target = mcpTarget(deps.mcp.sealer, record);
    headers = target.headers;
    const signal = AbortSignal.timeout(record.timeoutMs);
    const connection = await deps.mcp.connector.connect(target, signal);
    try {
      const tools = await connection.listTools(signal);
      const allowed = new Set(record.allowedTools);
      return { ok: true, latencyMs: latencyMs(), tools: tools.map((t) => ({ ...t, allowed: allowed.size === 0 || allowed.has(t.name) })) };
    } finally {
      await connection.close();
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { ok: false, latencyMs: latencyMs(), error: redactHeaders(message, headers) };
  }
}
