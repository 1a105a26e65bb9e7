import { authorizeLookup } from "../auth/authorize.js";
import type { Principal } from "../auth/principal.js";
import type { CoreDeps } from "../context.js";
import { notFound } from "../errors.js";
import type { McpService, McpServiceRecord } from "./mcp-types.js";

export const MCP_SERVICE_ID_PATTERN = /^mcp-[0-9a-f]{16}$/;

/**
 * An MCP service by ID, or by its exact name in `workspaceId`. One the caller may not read is the
 * same 404 as a missing one, so IDs of other workspaces cannot be probed.
 */
export async function lookupMcpService(deps: CoreDeps, principal: Principal, idOrName: string, workspaceId?: string): Promise<McpServiceRecord> {
  const repo = deps.repos.mcpServices;
  let found: McpServiceRecord | undefined;
  if (MCP_SERVICE_ID_PATTERN.test(idOrName)) {
    const owner = workspaceId ?? (await repo.workspaceOf(idOrName));
    found = owner === undefined ? undefined : await repo.find(owner, idOrName);
  }
  if (!found && workspaceId !== undefined) found = await repo.findByName(workspaceId, idOrName);
  return authorizeLookup(
    principal,
    "mcp.read",
    found,
    (s) => ({ workspaceId: s.workspaceId }),
    () => notFound("MCP service", idOrName),
  );
}

/** What the management API shows: never the sealed headers, only their names. */
export function mcpServiceView(record: McpServiceRecord): McpService {
  const { headersSealed: _sealed, ...view } = record;
  return view;
}
