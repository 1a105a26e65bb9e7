import type { ApiKey } from "../api-keys/api-key-types.js";
import { ipAllowed } from "../api-keys/cidr.js";
import { AppError } from "../errors.js";
import { sha256 } from "../ids.js";
import type { Clock } from "../ports/clock.js";
import type { ApiKeyRepository } from "../ports/repositories.js";
import type { Region, Workspace } from "../workspaces/workspace-types.js";

export interface ApiCaller {
  key: ApiKey;
  workspace: Workspace;
}

export interface ApiKeyAuthInput {
  /** Raw `Authorization` header. */
  authorization: string | undefined;
  /** Workspace named by a dedicated host (`{ws}.{region}.{domain}`), if the call came in on one. */
  hostWorkspaceId: string | null;
  /** Region the host identifies (see `resolveHost`); null when the host addresses no region, which refuses every key. */
  hostRegion: Region | null;
  /** `X-DashScope-WorkSpace` header. */
  workspaceHeader: string | undefined;
  ip: string | null;
}

const invalidKey = () => new AppError("InvalidApiKey", "Invalid API-key provided.");
const workspaceDenied = () => new AppError("Workspace.AccessDenied", "Workspace access denied.");

/** Remembers when each key was last marked used, so marking costs one write per key per minute. */
const lastTouched = new Map<string, number>();

/**
 * Authenticates an `sk-` key and settles the call's workspace, in the order of the DashScope
 * contract: a dedicated host's workspace, else the `X-DashScope-WorkSpace` header, else the
 * key's own workspace. A key only ever reaches its own workspace and its own region.
 */
export async function authenticateApiKey(
  deps: {
    apiKeys: ApiKeyRepository;
    clock: Clock;
    /** Told which key was presented once it is found, before the checks that may still refuse it (for the call log). */
    onKeyFound?: (found: ApiCaller) => void;
  },
  input: ApiKeyAuthInput,
): Promise<ApiCaller> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(input.authorization ?? "");
  const secret = match?.[1];
  if (!secret?.startsWith("sk-")) throw invalidKey();
  const found = await deps.apiKeys.findWithWorkspaceByHash(sha256(secret));
  if (!found || found.key.disabled) throw invalidKey();
  const { key, workspace } = found;
  deps.onKeyFound?.(found);
  // Keys are region-bound: a key taken to another region's host, or to a host of no region, is unknown there.
  if (!input.hostRegion || input.hostRegion.id !== workspace.region) throw invalidKey();
  if (input.hostWorkspaceId !== null && input.hostWorkspaceId !== workspace.id) throw workspaceDenied();
  const header = input.workspaceHeader?.trim();
  if (header && header !== workspace.id) throw workspaceDenied();
  if (!ipAllowed(key.ipAllowlist, input.ip)) {
    throw new AppError("AccessDenied", `Access denied: this API key may not be used from ${input.ip ?? "an unknown address"}.`);
  }
  const now = deps.clock.now().getTime();
  if (now - (lastTouched.get(key.id) ?? 0) > 60_000) {
    lastTouched.set(key.id, now);
    await deps.apiKeys.touch(key.id, new Date(now).toISOString());
  }
  return { key, workspace };
}
