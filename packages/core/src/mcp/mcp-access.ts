import type { SecretSealer } from "../model-providers/model-provider-types.js";
import type { McpServiceRepository } from "../ports/repositories.js";
import type { McpConnector } from "./mcp-ports.js";

/** What agents and workflow MCP nodes need to call a workspace's MCP services. */
export interface McpAccess {
  services: Pick<McpServiceRepository, "find" | "findByName">;
  sealer: SecretSealer;
  connector: McpConnector;
}
