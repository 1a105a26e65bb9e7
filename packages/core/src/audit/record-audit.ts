import type { Principal } from "../auth/principal.js";
import type { CoreDeps } from "../context.js";
import { newAuditId } from "../ids.js";
import { isoNow } from "../ports/clock.js";

export interface AuditEntry {
  action: string;
  resourceType: string;
  resourceId: string | null;
  workspaceId?: string | null;
  details?: Record<string, unknown>;
}

/** Appends one audit event. Callers must never put secrets in `details`. */
export async function recordAudit(deps: CoreDeps, actor: Principal | null, entry: AuditEntry): Promise<void> {
  await deps.repos.audit.append({
    id: newAuditId(),
    at: isoNow(deps.clock),
    actorId: actor?.userId ?? null,
    actorName: actor?.loginName ?? null,
    action: entry.action,
    resourceType: entry.resourceType,
    resourceId: entry.resourceId,
    workspaceId: entry.workspaceId ?? null,
    ip: actor?.ip ?? null,
    details: entry.details ?? {},
  });
}
