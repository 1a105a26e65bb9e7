import { MCP_SERVICE_ID_PATTERN } from "../../mcp/mcp-lookups.js";
import { mcpTarget, redactHeaders } from "../../mcp/mcp-target.js";
import { type NodeDefinition, NodeFailure, type NodeSource } from "../workflow-types.js";
import { ConfigReader } from "./config-reader.js";

export interface McpNodeConfig {
  /** An MCP service of the app's workspace. */
  serviceId: string;
  tool: string;
  /** Tool arguments; values may be whole references (typed) or templates (text). */
  arguments: Record<string, unknown>;
}

const MCP_NODE_DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Calls one tool of an MCP service. `result` is the text the tool returned, `json` its
 * structured content (or the text parsed as JSON, else null). A tool that reports an error, an
 * unreachable server or a timeout fails the node, so its error policy applies.
 */
export const mcpNode: NodeDefinition<McpNodeConfig> = {
  type: "MCP",
  parse(raw, report) {
    const r = new ConfigReader(raw, report);
    const serviceId = r.string("serviceId", { required: true });
    if (serviceId && !MCP_SERVICE_ID_PATTERN.test(serviceId)) report("serviceId", "must be an MCP service ID (mcp- and 16 hex characters)");
    return { serviceId, tool: r.string("tool", { required: true, max: 128 }), arguments: r.record("arguments") };
  },
  outputs: () => ({ result: "String", json: "Any" }),
  sources(config) {
    return Object.entries(config.arguments).map(([k, v]): NodeSource => ({ field: `arguments.${k}`, value: v }));
  },
  defaultTimeoutMs: MCP_NODE_DEFAULT_TIMEOUT_MS,
  // The connection times its requests out itself and says so more precisely.
  timeoutSlackMs: 1_000,
  async run(ctx) {
    const { config, deps, call } = ctx;
    if (!deps.mcp) throw new NodeFailure("McpError", "MCP services are not available on this server");
    const service = await deps.mcp.services.find(call.workspaceId, config.serviceId);
    // Another workspace's service reads as missing, so a workflow cannot probe IDs.
    if (!service) throw new NodeFailure("McpError", `no MCP service '${config.serviceId}' in this workspace`);
    if (service.allowedTools.length > 0 && !service.allowedTools.includes(config.tool))
      throw new NodeFailure("McpError", `tool '${config.tool}' is not among the allowed tools of MCP service '${service.name}'`);
    const args = Object.fromEntries(Object.keys(config.arguments).map((k) => [k, ctx.inputs[`arguments.${k}`]]));
    let headers: Record<string, string> = {};
    try {
      const target = mcpTarget(deps.mcp.sealer, service);
      headers = target.headers;
      if (ctx.timeoutMs !== undefined) target.timeoutMs = Math.min(target.timeoutMs, ctx.timeoutMs);
      const connection = await deps.mcp.connector.connect(target, ctx.signal);
      try {
        const result = await connection.callTool(config.tool, args, ctx.signal);
        if (result.isError)
          throw new NodeFailure("McpError", `tool '${config.tool}' of MCP service '${service.name}' reported an error: ${result.text.slice(0, 500)}`);
        return { outputs: { result: result.text, json: result.structured ?? parseJson(result.text) } };
      } finally {
        await connection.close();
      }
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      if (error instanceof NodeFailure) throw new NodeFailure(error.code, redactHeaders(error.message, headers));
      const err = error as Error;
      const why =
        err.name === "TimeoutError" ? `no response within ${Math.min(service.timeoutMs, ctx.timeoutMs ?? Infinity)} ms` : err.message || String(error);
      throw new NodeFailure(err.name === "TimeoutError" ? "Timeout" : "McpError", redactHeaders(`MCP service '${service.name}' failed: ${why}`, headers));
    }
  },
};

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
