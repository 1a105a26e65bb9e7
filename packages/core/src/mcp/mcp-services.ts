import type { CoreDeps } from "../context.js";
import type { SecretSealer } from "../model-providers/model-provider-types.js";
import type { McpConnector } from "./mcp-ports.js";

/** What the MCP service use cases need beyond the core ports; the server container builds it. */
export interface McpDeps extends CoreDeps {
  mcp: {
    /** Seals header values at rest, as provider keys are. */
    sealer: SecretSealer;
    /** Reaches MCP servers under the outbound network policy. */
    connector: McpConnector;
  };
}
