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
  /** App IDs the key may call; empty = every app of its workspace. */
  appAllowlist: string[];
}

/** The key record plus its hash, as the app API needs it to authenticate a call. */
export interface ApiKeyWithHash extends ApiKey {
  secretHash: string;
}
