import { AppError, createWorkspace, deleteWorkspace, getWorkspace, isAppError, listVisibleWorkspaces, type WorkspaceView } from "@appstudio/core";
import type { AcsCall, AcsOperation } from "../acs-operation.js";
import { nextTokenAfter, optionalText, requiredText, tokenPageOf } from "../bailian/bailian-envelope.js";
import { gmtOf, MODELSTUDIO_VERSION, modelStudioEnvelope } from "./modelstudio-envelope.js";

/**
 * ModelStudio's workspace operations over our workspaces. `apiHost` is the workspace's dedicated
 * host (with the port when the server has one), the host the DashScope SDKs call. The caller sees
 * what the management API would show them: every workspace for administrators, the joined ones
 * for everyone else.
 */
const workspaceOf = (w: WorkspaceView) => ({
  workspaceId: w.id,
  workspaceName: w.name,
  region: w.region,
  apiHost: new URL(w.endpoints.dedicatedBaseUrl).host,
  gmtCreate: gmtOf(w.createdAt),
});

async function listWorkspaces(call: AcsCall) {
  const { limit, offset } = tokenPageOf(call.query.maxResults, call.query.nextToken, 10);
  const workspaceId = optionalText(call.query.workspaceId, "workspaceId");
  if (workspaceId) {
    const found = await getWorkspace(call.container.core, call.principal, workspaceId).catch((e: unknown) => {
      if (isAppError(e) && e.code === "NotFound") return undefined;
      throw e;
    });
    return modelStudioEnvelope(call.requestId, { workspaces: found ? [workspaceOf(found)] : [], totalCount: found ? 1 : 0, maxResults: limit });
  }
  const name = optionalText(call.query.workspaceName, "workspaceName");
  const page = await listVisibleWorkspaces(call.container.core, call.principal, { limit, offset, ...(name ? { name } : {}) });
  const nextToken = nextTokenAfter(page);
  return modelStudioEnvelope(call.requestId, {
    workspaces: page.items.map(workspaceOf),
    totalCount: page.total,
    maxResults: limit,
    ...(nextToken ? { nextToken } : {}),
  });
}

async function createWorkspaceOperation(call: AcsCall) {
  // `serviceSite` is accepted for compatibility; workspaces here belong to the first configured region.
  optionalText(call.query.serviceSite, "serviceSite");
  const workspace = await createWorkspace(call.container.core, call.principal, { name: requiredText(call.query.workspaceName, "workspaceName") });
  return modelStudioEnvelope(call.requestId, { workspace: workspaceOf(workspace) });
}

/** Resource kinds named in `failReasons` when a workspace still holds something. */
const failReasonsOf = (details: Record<string, unknown> | undefined) =>
  [
    ["apps", "Application"],
    ["apiKeys", "ApiKey"],
    ["knowledgeBases", "KnowledgeBase"],
  ]
    .filter(([field]) => Number(details?.[field as string] ?? 0) > 0)
    .map(([field, resourceType]) => ({
      resourceType,
      reason: `The workspace still holds ${details?.[field as string]} ${resourceType} resource(s); delete them first.`,
    }));

async function deleteWorkspaceOperation(call: AcsCall) {
  try {
    await deleteWorkspace(call.container.core, call.principal, call.params.workspaceId ?? "");
    return modelStudioEnvelope(call.requestId, { isDeleted: true });
  } catch (e) {
    if (e instanceof AppError && e.code === "WorkspaceNotEmpty")
      return modelStudioEnvelope(call.requestId, { isDeleted: false, failReasons: failReasonsOf(e.details) });
    throw e;
  }
}

export const workspaceOperations: AcsOperation[] = [
  { action: "ListWorkspaces", version: MODELSTUDIO_VERSION, method: "GET", path: "/modelstudio/workspaces", handle: listWorkspaces },
  { action: "CreateWorkspace", version: MODELSTUDIO_VERSION, method: "POST", path: "/modelstudio/workspaces", handle: createWorkspaceOperation },
  { action: "DeleteWorkspace", version: MODELSTUDIO_VERSION, method: "DELETE", path: "/modelstudio/workspaces/:workspaceId", handle: deleteWorkspaceOperation },
];
