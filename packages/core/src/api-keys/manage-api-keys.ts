import { throwIfProblems } from "../apps/validate-agent-config.js";
import { recordAudit } from "../audit/record-audit.js";
import { authorize, authorizeLookup } from "../auth/authorize.js";
import { canManageAllWorkspaces, type Principal } from "../auth/principal.js";
import type { CoreDeps } from "../context.js";
import { type FieldProblem, notFound } from "../errors.js";
import { APP_ID_PATTERN, displayPrefix, newApiKeyId, newApiKeySecret, sha256 } from "../ids.js";
import { isoNow } from "../ports/clock.js";
import type { PageRequest } from "../ports/page.js";
import { getWorkspace } from "../workspaces/manage-workspaces.js";
import type { ApiKey, ApiKeyScope } from "./api-key-types.js";
import { parseCidr } from "./cidr.js";

export interface KeyRestrictions {
  ipAllowlist?: string[];
  appAllowlist?: string[];
}

async function checkRestrictions(
  deps: CoreDeps,
  workspaceId: string,
  input: KeyRestrictions & { description?: string },
  scope: ApiKeyScope = "workspace",
): Promise<void> {
  const problems: FieldProblem[] = [];
  if (input.description !== undefined && input.description.length > 200)
    problems.push({ field: "description", message: "must be at most 200 characters long" });
  (input.ipAllowlist ?? []).forEach((block, i) => {
    if (!parseCidr(block)) problems.push({ field: `ipAllowlist[${i}]`, message: `'${block}' is not an IP address or CIDR block` });
  });
  for (const [i, appId] of (input.appAllowlist ?? []).entries()) {
    if (!APP_ID_PATTERN.test(appId)) {
      problems.push({ field: `appAllowlist[${i}]`, message: `'${appId}' is not an App ID` });
      continue;
    }
    const app = await deps.repos.apps.findById(appId);
    if (scope === "region") {
      const home = app && (await deps.repos.workspaces.findById(app.workspaceId));
      const region = (await deps.repos.workspaces.findById(workspaceId))?.region;
      if (!home || home.region !== region) problems.push({ field: `appAllowlist[${i}]`, message: `no app '${appId}' in this key's region` });
    } else if (!app || app.workspaceId !== workspaceId) problems.push({ field: `appAllowlist[${i}]`, message: `no app '${appId}' in this workspace` });
  }
  throwIfProblems(problems);
}

export async function listApiKeys(deps: CoreDeps, principal: Principal, query: PageRequest & { workspaceId?: string; description?: string }) {
  if (query.workspaceId) {
    authorize(principal, "apikey.read", { workspaceId: query.workspaceId });
    return deps.repos.apiKeys.list({ ...query, workspaceIds: [query.workspaceId] });
  }
  if (canManageAllWorkspaces(principal)) return deps.repos.apiKeys.list(query);
  const adminOf = [...principal.memberships].filter(([, role]) => role === "admin").map(([id]) => id);
  if (adminOf.length === 0) authorize(principal, "apikey.read");
  return deps.repos.apiKeys.list({ ...query, workspaceIds: adminOf });
}

/** A key the caller may not read is a 404, exactly as a missing one. */
export async function getApiKey(deps: CoreDeps, principal: Principal, keyId: string): Promise<ApiKey> {
  const key = await deps.repos.apiKeys.findById(keyId);
  return authorizeLookup(
    principal,
    "apikey.read",
    key,
    (found) => ({ workspaceId: found.workspaceId }),
    () => notFound("API key", keyId),
  );
}

/**
 * Writes on a key: `apikey.manage` in its workspace, and for a region-scope key also
 * `apikey.manage-region`, since its secret reaches every workspace of the region (a workspace
 * admin resetting it would get that reach).
 */
function authorizeKeyWrite(principal: Principal, workspaceId: string, scope: ApiKeyScope): void {
  authorize(principal, "apikey.manage", { workspaceId });
  if (scope === "region") authorize(principal, "apikey.manage-region", { workspaceId });
}

/** Creates a key in a workspace (the default workspace of the first region when none is named). */
export async function createApiKey(
  deps: CoreDeps,
  principal: Principal,
  input: KeyRestrictions & { workspaceId?: string; description?: string; scope?: ApiKeyScope },
): Promise<{ key: ApiKey; secret: string }> {
  const workspaceId = input.workspaceId ?? (await deps.repos.workspaces.findDefault(deps.settings.regions[0]!.id))?.id ?? "";
  const scope = input.scope ?? "workspace";
  authorizeKeyWrite(principal, workspaceId, scope);
  await getWorkspace(deps, principal, workspaceId);
  await checkRestrictions(deps, workspaceId, input, scope);
  const secret = newApiKeySecret();
  const key: ApiKey = {
    id: newApiKeyId(),
    workspaceId,
    prefix: displayPrefix(secret),
    description: input.description ?? "",
    createdBy: principal.userId,
    createdAt: isoNow(deps.clock),
    lastUsedAt: null,
    disabled: false,
    ipAllowlist: input.ipAllowlist ?? [],
    appAllowlist: [...new Set(input.appAllowlist ?? [])],
    scope,
  };
  await deps.repos.apiKeys.create({ ...key, secretHash: sha256(secret) });
  await recordAudit(deps, principal, {
    action: "apikey.create",
    resourceType: "api-key",
    resourceId: key.id,
    workspaceId,
    details: { prefix: key.prefix, scope },
  });
  return { key, secret };
}

export async function updateApiKey(
  deps: CoreDeps,
  principal: Principal,
  keyId: string,
  input: KeyRestrictions & { description?: string; disabled?: boolean },
): Promise<ApiKey> {
  const key = await getApiKey(deps, principal, keyId);
  authorizeKeyWrite(principal, key.workspaceId, key.scope);
  await checkRestrictions(deps, key.workspaceId, input, key.scope);
  await deps.repos.apiKeys.update(key.id, {
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
    ...(input.ipAllowlist !== undefined ? { ipAllowlist: input.ipAllowlist } : {}),
    ...(input.appAllowlist !== undefined ? { appAllowlist: [...new Set(input.appAllowlist)] } : {}),
  });
  const action = input.disabled === true ? "apikey.disable" : input.disabled === false ? "apikey.enable" : "apikey.update";
  await recordAudit(deps, principal, {
    action,
    resourceType: "api-key",
    resourceId: key.id,
    workspaceId: key.workspaceId,
    details: { fields: Object.keys(input) },
  });
  return getApiKey(deps, principal, key.id);
}

/** Issues a new secret for the same key id; the old secret stops working at once. */
export async function resetApiKey(deps: CoreDeps, principal: Principal, keyId: string): Promise<{ key: ApiKey; secret: string }> {
  const key = await getApiKey(deps, principal, keyId);
  authorizeKeyWrite(principal, key.workspaceId, key.scope);
  const secret = newApiKeySecret();
  await deps.repos.apiKeys.update(key.id, { secretHash: sha256(secret), prefix: displayPrefix(secret) });
  await recordAudit(deps, principal, {
    action: "apikey.reset",
    resourceType: "api-key",
    resourceId: key.id,
    workspaceId: key.workspaceId,
    details: { scope: key.scope },
  });
  return { key: await getApiKey(deps, principal, key.id), secret };
}

export async function deleteApiKey(deps: CoreDeps, principal: Principal, keyId: string): Promise<void> {
  const key = await getApiKey(deps, principal, keyId);
  authorizeKeyWrite(principal, key.workspaceId, key.scope);
  await deps.repos.apiKeys.delete(key.id);
  await recordAudit(deps, principal, {
    action: "apikey.delete",
    resourceType: "api-key",
    resourceId: key.id,
    workspaceId: key.workspaceId,
    details: { prefix: key.prefix, scope: key.scope },
  });
}
