/**
 * Where a key may call apps. `workspace`: its own workspace only. `region`: any workspace of its
 * region, named in `X-DashScope-WorkSpace` on the shared host (Model Studio's main-account key
 * rule); only a super administrator may create one.
 */
export const apiKeyScopes = ["workspace", "region"] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

export interface ApiKey {
  id: string;
  workspaceId: string;
  prefix: string;
  description: string;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  disabled: boolean;
  /** CIDR blocks the key may be used from; empty = anywhere. */
  ipAllowlist: string[];
  /** App IDs the key may call; empty = every app of its workspace (of its region, for a region key). */
  appAllowlist: string[];
  scope: ApiKeyScope;
}

/** The key record plus its hash, as the app API needs it to authenticate a call. */
export interface ApiKeyWithHash extends ApiKey {
  secretHash: string;
}
