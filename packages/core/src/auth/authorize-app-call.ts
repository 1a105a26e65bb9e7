import type { ApiKey } from "../api-keys/api-key-types.js";
import { ipAllowed } from "../api-keys/cidr.js";
import type { App, AppVersion } from "../apps/app-types.js";
import { findPublishedApp } from "../apps/find-published-app.js";
import { AppError } from "../errors.js";
import { sha256 } from "../ids.js";
import type { Clock } from "../ports/clock.js";
import type { ApiKeyRepository, AppRepository, WorkspaceRepository } from "../ports/repositories.js";
import type { HostRoute } from "../workspaces/resolve-host.js";
import type { Region, Workspace } from "../workspaces/workspace-types.js";

/** Who is calling the app API: the key, the workspace the call is settled in, the region it came to. */
export interface AppCaller {
  key: ApiKey;
  workspace: Workspace;
  region: Region;
}

/** The app a call runs, at its published version. */
export interface CalledApp {
  app: App;
  version: AppVersion;
}

export interface AppCallInput {
  /** Raw `Authorization` header; only `Bearer sk-...` is a key. */
  authorization: string | undefined;
  /** Where the call arrived (`resolveHost`); null for a host of no configured region, which refuses every key. */
  host: HostRoute | null;
  /** `X-DashScope-WorkSpace` header. */
  workspaceHeader: string | undefined;
  clientIp: string | null;
  /** The app the call is for; absent for the lookups that name no app. */
  appId?: string;
}

/** What the check reads apps with (the app API passes a cache: storage's `AppCallLookups`). */
export type AppLookups = Pick<AppRepository, "findById" | "findVersion">;

export interface AppCallDeps {
  apiKeys: Pick<ApiKeyRepository, "findWithWorkspaceByHash" | "touch">;
  apps: AppLookups;
  /** Where a region key's `X-DashScope-WorkSpace` is looked up. */
  workspaces: Pick<WorkspaceRepository, "findById">;
  clock: Clock;
  /** Told which key was presented once it is found, before the checks that may still refuse it (for the call log). */
  onKeyFound?: (found: { key: ApiKey; workspace: Workspace }) => void;
}

const invalidKey = () => new AppError("InvalidApiKey", "Invalid API-key provided.");
const workspaceDenied = () => new AppError("Workspace.AccessDenied", "Workspace access denied.");
const appDenied = () => new AppError("App.AccessDenied", "App access denied.");

/** Remembers when each key was last marked used, so marking costs one write per key per minute. */
const lastTouched = new Map<string, number>();

/**
 * The one decision of who may call what on the app API (the `sk-` key counterpart of
 * `authorize()`), in the order of the DashScope contract:
 *
 * 1. the key: a `Bearer sk-` secret of an enabled key (one query: key and workspace together),
 *    on a host of the key's own region, else `InvalidApiKey` — a key is unknown elsewhere;
 * 2. the workspace: a dedicated host's workspace, else the `X-DashScope-WorkSpace` header, else
 *    the key's own (`Workspace.AccessDenied`). A workspace key only ever reaches its own; a
 *    region key also reaches the workspace its header names when it is of the key's region, but
 *    a dedicated host is only ever its own workspace's (`settleWorkspace`);
 * 3. the client address against the key's IP allowlist (`AccessDenied`);
 * 4. when the call names an app: it must be of that workspace, in the key's app allowlist and
 *    published. Unknown, foreign, non-allowlisted apps and unpublished agents all answer the same
 *    `App.AccessDenied`, as DashScope does, so a key cannot probe for App IDs; an unpublished
 *    workflow of the workspace answers `FlowNotPublished`.
 */
export async function authorizeAppCall(deps: AppCallDeps, input: AppCallInput & { appId: string }): Promise<AppCaller & { called: CalledApp }>;
export async function authorizeAppCall(deps: AppCallDeps, input: AppCallInput): Promise<AppCaller & { called: CalledApp | null }>;
export async function authorizeAppCall(deps: AppCallDeps, input: AppCallInput): Promise<AppCaller & { called: CalledApp | null }> {
  const secret = /^Bearer\s+(\S+)\s*$/i.exec(input.authorization ?? "")?.[1];
  if (!secret?.startsWith("sk-")) throw invalidKey();
  const found = await deps.apiKeys.findWithWorkspaceByHash(sha256(secret));
  if (!found || found.key.disabled) throw invalidKey();
  const { key } = found;
  deps.onKeyFound?.(found);
  const region = input.host?.region;
  if (!region || region.id !== found.workspace.region) throw invalidKey();
  const workspace = await settleWorkspace(deps, found, input);
  if (!ipAllowed(key.ipAllowlist, input.clientIp)) {
    throw new AppError("AccessDenied", `Access denied: this API key may not be used from ${input.clientIp ?? "an unknown address"}.`);
  }
  await markUsed(deps, key.id);
  const called = input.appId === undefined ? null : await calledApp(deps.apps, key, workspace, input.appId);
  return { key, workspace, region, called };
}

/**
 * The workspace a call is settled in. A dedicated host admits only its own workspace's keys,
 * region keys included (as Model Studio's workspace-dedicated domains do). On a shared host a
 * header naming another workspace is refused for workspace keys; a region key may name any
 * existing workspace of its region. An unknown workspace answers the same refusal as a foreign one.
 */
async function settleWorkspace(deps: AppCallDeps, found: { key: ApiKey; workspace: Workspace }, input: AppCallInput): Promise<Workspace> {
  const own = found.workspace;
  if (input.host?.workspaceId != null && input.host.workspaceId !== own.id) throw workspaceDenied();
  const header = input.workspaceHeader?.trim();
  if (!header || header === own.id) return own;
  if (found.key.scope !== "region" || input.host?.workspaceId != null) throw workspaceDenied();
  const named = await deps.workspaces.findById(header);
  if (!named || named.region !== own.region) throw workspaceDenied();
  return named;
}

/** The listing filter for "the apps this caller may call": its workspace, narrowed to the key's app allowlist. */
export function appsCallableBy(caller: AppCaller): { workspaceIds: string[]; ids?: string[] } {
  return { workspaceIds: [caller.workspace.id], ...(caller.key.appAllowlist.length > 0 ? { ids: caller.key.appAllowlist } : {}) };
}

/**
 * Step 4 of `authorizeAppCall` on its own, for surfaces that name the app only in the body (the
 * OpenAI-compatible Chat Completions' `model`): the caller was decided before the body was read.
 */
export function authorizeCalledApp(apps: AppLookups, caller: AppCaller, appId: string): Promise<CalledApp> {
  return calledApp(apps, caller.key, caller.workspace, appId);
}

async function calledApp(apps: AppLookups, key: ApiKey, workspace: Workspace, appId: string): Promise<CalledApp> {
  if (key.appAllowlist.length > 0 && !key.appAllowlist.includes(appId)) throw appDenied();
  const lookup = await findPublishedApp(apps, workspace.id, appId);
  if (lookup.found) return { app: lookup.app, version: lookup.version };
  if (lookup.reason === "unpublished" && lookup.app.type === "workflow") {
    throw new AppError("FlowNotPublished", "Flow has not published yet, please publish flow and try again.");
  }
  throw appDenied();
}

async function markUsed(deps: AppCallDeps, keyId: string): Promise<void> {
  const now = deps.clock.now().getTime();
  if (now - (lastTouched.get(keyId) ?? 0) <= 60_000) return;
  lastTouched.set(keyId, now);
  await deps.apiKeys.touch(keyId, new Date(now).toISOString());
}
