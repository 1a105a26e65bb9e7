import type { SecretSealer } from "../model-providers/model-provider-types.js";
import type { McpTarget } from "./mcp-ports.js";
import type { McpServiceRecord } from "./mcp-types.js";

/** The connection settings of a service, its headers unsealed. Throws a plain Error when they cannot be. */
export function mcpTarget(sealer: SecretSealer, record: McpServiceRecord): McpTarget {
  let headers: Record<string, string> = {};
  if (record.headersSealed !== null) {
    try {
      headers = JSON.parse(sealer.open(record.headersSealed)) as Record<string, string>;
    } catch {
      throw new Error(
        `the stored headers of MCP service '${record.name}' cannot be decrypted; was the master key (APPSTUDIO_MASTER_KEY) changed? Set the headers again.`,
      );
    }
  }
  return { url: record.url, transport: record.transport, headers, timeoutMs: record.timeoutMs };
}

/** Removes header values from a message: servers sometimes quote the credential they refused. */
export function redactHeaders(message: string, headers: Record<string, string>): string {
  let out = message;
  for (const value of Object.values(headers)) {
    if (value.length >= 4) out = out.replaceAll(value, "[redacted]");
    // A bearer token is often quoted without its scheme.
    const token = value.replace(/^(Bearer|Basic|Token)\s+/i, "");
    if (token !== value && token.length >= 4) out = out.replaceAll(token, "[redacted]");
  }
  return out;
}
