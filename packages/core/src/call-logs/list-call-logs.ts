import { authorize, authorizeLookup } from "../auth/authorize.js";
import { permissionTable } from "../auth/permissions.js";
import { canManageAllWorkspaces, type Principal } from "../auth/principal.js";
import type { CoreDeps } from "../context.js";
import { invalidField, notFound } from "../errors.js";
import type { Page } from "../ports/page.js";
import type { CallLogEntry, CallLogQuery, CallStatsBucket, CallStatsQuery } from "./call-log-types.js";

type Scoped<Q> = Omit<Q, "workspaceIds"> & { workspaceId?: string };

/**
 * Lists calls. Naming a workspace needs `calllog.read` there; without one, global grants see
 * every call and everyone else the calls of the workspaces they belong to.
 */
export async function listCallLogs(deps: CoreDeps, principal: Principal, query: Scoped<CallLogQuery>): Promise<Page<CallLogEntry>> {
  const { workspaceId, ...rest } = normaliseRange(query);
  const workspaceIds = readableWorkspaces(principal, workspaceId);
  return deps.repos.callLogs.list({ ...rest, ...(workspaceIds ? { workspaceIds } : {}) });
}

/** One call by request ID, if the caller may read its workspace's log. */
export async function getCallLog(deps: CoreDeps, principal: Principal, requestId: string): Promise<CallLogEntry> {
  // A call the caller may not read is a 404, exactly as a missing one. Calls refused before a
  // workspace was known (bad key) are visible to global grants only.
  const entry = await deps.repos.callLogs.find(requestId);
  return authorizeLookup(
    principal,
    "calllog.read",
    entry,
    (found) => (found.workspaceId ? { workspaceId: found.workspaceId } : {}),
    () => notFound("Call", requestId),
  );
}

/** Calls, errors and tokens per app and hour or day, with the same visibility as listCallLogs. */
export async function callLogStats(deps: CoreDeps, principal: Principal, query: Scoped<CallStatsQuery>): Promise<CallStatsBucket[]> {
  const { workspaceId, ...rest } = normaliseRange(query);
  const workspaceIds = readableWorkspaces(principal, workspaceId);
  return deps.repos.callLogs.stats({ ...rest, ...(workspaceIds ? { workspaceIds } : {}) });
}

/** The workspaces the query may cover; undefined means all of them. */
function readableWorkspaces(principal: Principal, workspaceId: string | undefined): string[] | undefined {
  if (workspaceId) {
    authorize(principal, "calllog.read", { workspaceId });
    return [workspaceId];
  }
  if (canManageAllWorkspaces(principal)) {
    authorize(principal, "calllog.read");
    return undefined;
  }
  const roles: readonly string[] = permissionTable["calllog.read"].roles;
  const mine = [...principal.memberships].filter(([, role]) => roles.includes(role)).map(([id]) => id);
  if (mine.length === 0) authorize(principal, "calllog.read");
  return mine;
}

/**
 * Stored timestamps are `toISOString()` text, compared as strings; bounds in another ISO spelling
 * (`...T10:00:00Z`, an offset) are rewritten to the same form so the comparison stays exact.
 */
function normaliseRange<Q extends { from?: string; to?: string }>(query: Q): Q {
  const out = { ...query };
  for (const field of ["from", "to"] as const) {
    const value = query[field];
    if (value === undefined) continue;
    const time = Date.parse(value);
    if (Number.isNaN(time)) throw invalidField(field, "must be an ISO-8601 date-time");
    out[field] = new Date(time).toISOString();
  }
  if (out.from && out.to && out.from > out.to) throw invalidField("from", "must not be later than 'to'");
  return out;
}
