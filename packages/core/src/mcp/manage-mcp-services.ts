import { randomBytes } from "node:crypto";
import { recordAudit } from "../audit/record-audit.js";
import { authorize } from "../auth/authorize.js";
import type { Principal } from "../auth/principal.js";
import type { CoreDeps } from "../context.js";
import { AppError, invalidField } from "../errors.js";
import { isoNow } from "../ports/clock.js";
import type { Page, PageRequest } from "../ports/page.js";
import { getWorkspace } from "../workspaces/manage-workspaces.js";
import { lookupMcpService, mcpServiceView } from "./mcp-lookups.js";
import { checkMcpServiceFields, type McpServiceFields } from "./mcp-rules.js";
import type { McpDeps } from "./mcp-services.js";
import type { McpService, McpServicePatch, McpServiceRecord } from "./mcp-types.js";

const newMcpServiceId = () => `mcp-${randomBytes(8).toString("hex")}`;

/** Header values are sealed together; an empty map is stored as no headers at all. */
const sealHeaders = (deps: McpDeps, headers: Record<string, string>) =>
  Object.keys(headers).length === 0 ? null : deps.mcp.sealer.seal(JSON.stringify(headers));

/** MCP services of one workspace, oldest first. */
export async function listMcpServices(deps: CoreDeps, principal: Principal, query: PageRequest & { workspaceId?: string }): Promise<Page<McpService>> {
  const { workspaceId } = query;
  if (!workspaceId) throw invalidField("workspaceId", "is required: MCP services are listed per workspace");
  authorize(principal, "mcp.read", { workspaceId });
  const found = await deps.repos.mcpServices.list({ workspaceId, limit: query.limit, offset: query.offset });
  return { ...found, items: found.items.map(mcpServiceView) };
}

/** By ID, or by name together with `workspaceId`. */
export async function getMcpService(deps: CoreDeps, principal: Principal, idOrName: string, workspaceId?: string): Promise<McpService> {
  return mcpServiceView(await lookupMcpService(deps, principal, idOrName, workspaceId));
}

/** Adds an MCP service to a workspace; header values are sealed and never returned. */
export async function createMcpService(deps: McpDeps, principal: Principal, input: McpServiceFields & { workspaceId: string }): Promise<McpService> {
  authorize(principal, "mcp.manage", { workspaceId: input.workspaceId });
  await getWorkspace(deps, principal, input.workspaceId);
  const clean = checkMcpServiceFields(input, true);
  const name = clean.name as string;
  await checkNameFree(deps, input.workspaceId, name);
  const headers = clean.headers ?? {};
  const at = isoNow(deps.clock);
  const record: McpServiceRecord = {
    id: newMcpServiceId(),
    workspaceId: input.workspaceId,
    name,
    description: clean.description ?? "",
    url: clean.url as string,
    transport: clean.transport ?? "streamable-http",
    headerNames: Object.keys(headers),
    headersSealed: sealHeaders(deps, headers),
    allowedTools: clean.allowedTools ?? [],
    timeoutMs: clean.timeoutMs as number,
    createdBy: principal.userId,
    createdAt: at,
    updatedAt: at,
  };
  await deps.repos.mcpServices.create(record);
  await recordAudit(deps, principal, {
    action: "mcp-service.create",
    resourceType: "mcp-service",
    resourceId: record.id,
    workspaceId: record.workspaceId,
    details: { name, url: record.url, transport: record.transport, headerNames: record.headerNames },
  });
  return mcpServiceView(record);
}

/** Changes the fields given. `headers` replaces every stored header (`{}` removes them all). */
export async function updateMcpService(deps: McpDeps, principal: Principal, id: string, input: McpServiceFields): Promise<McpService> {
  const found = await lookupMcpService(deps, principal, id);
  authorize(principal, "mcp.manage", { workspaceId: found.workspaceId });
  const clean = checkMcpServiceFields(input, false);
  if (clean.name !== undefined && clean.name !== found.name) await checkNameFree(deps, found.workspaceId, clean.name, found.id);
  const patch: McpServicePatch = {
    ...(clean.name !== undefined ? { name: clean.name } : {}),
    ...(clean.description !== undefined ? { description: clean.description } : {}),
    ...(clean.url !== undefined ? { url: clean.url } : {}),
    ...(clean.transport !== undefined ? { transport: clean.transport } : {}),
    ...(clean.headers !== undefined ? { headerNames: Object.keys(clean.headers), headersSealed: sealHeaders(deps, clean.headers) } : {}),
    ...(clean.allowedTools !== undefined ? { allowedTools: clean.allowedTools } : {}),
    ...(clean.timeoutMs !== undefined ? { timeoutMs: clean.timeoutMs } : {}),
    updatedAt: isoNow(deps.clock),
  };
  await deps.repos.mcpServices.update(found.workspaceId, found.id, patch);
  await recordAudit(deps, principal, {
    action: "mcp-service.update",
    resourceType: "mcp-service",
    resourceId: found.id,
    workspaceId: found.workspaceId,
    details: { fields: Object.keys(input).filter((k) => input[k as keyof McpServiceFields] !== undefined) },
  });
  return mcpServiceView(await lookupMcpService(deps, principal, found.id));
}

/** Deletes a service. Apps that attach it skip it from then on (with a warning in the log). */
export async function deleteMcpService(deps: CoreDeps, principal: Principal, id: string): Promise<void> {
  const found = await lookupMcpService(deps, principal, id);
  authorize(principal, "mcp.manage", { workspaceId: found.workspaceId });
  await deps.repos.mcpServices.delete(found.workspaceId, found.id);
  await recordAudit(deps, principal, {
    action: "mcp-service.delete",
    resourceType: "mcp-service",
    resourceId: found.id,
    workspaceId: found.workspaceId,
    details: { name: found.name },
  });
}

async function checkNameFree(deps: CoreDeps, workspaceId: string, name: string, exceptId?: string): Promise<void> {
  const clash = await deps.repos.mcpServices.findByName(workspaceId, name);
  if (clash && clash.id !== exceptId) {
    throw new AppError("Conflict", `An MCP service named '${name}' already exists in this workspace.`, { field: "name", mcpServiceId: clash.id });
  }
}
