import { authorize } from "../auth/authorize.js";
import { canManageAllWorkspaces, type Principal } from "../auth/principal.js";
import type { CoreDeps } from "../context.js";
import { AppError } from "../errors.js";
import type { AuditQuery } from "./audit-types.js";

/**
 * Lists audit events. Holders of a global grant see everything; a workspace admin must name
 * one of their workspaces, since events outside it are not theirs to read.
 */
export async function listAuditEvents(deps: CoreDeps, principal: Principal, query: AuditQuery) {
  if (query.workspaceId) {
    authorize(principal, "audit.read", { workspaceId: query.workspaceId });
  } else if (!canManageAllWorkspaces(principal)) {
    authorize(principal, "audit.read");
  }
  if (query.from && query.to && query.from > query.to) {
    throw new AppError("InvalidParameter", "from: must not be later than 'to'.", {
      fields: [{ field: "from", message: "must not be later than 'to'" }],
    });
  }
  return deps.repos.audit.list(query);
}
