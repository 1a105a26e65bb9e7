export const memberRoles = ["admin", "member"] as const;
export type MemberRole = (typeof memberRoles)[number];

export interface Workspace {
  id: string;
  name: string;
  region: string;
  isDefault: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Member {
  workspaceId: string;
  userId: string;
  loginName: string;
  displayName: string;
  role: MemberRole;
  createdAt: string;
}

/** A region as configured: where its API is reached and how dedicated hosts are formed. */
export interface Region {
  id: string;
  name: string;
  /** Origin of the shared (DashScope-style) API host, e.g. `http://localhost:8080`. */
  sharedOrigin: string;
  /**
   * Domain under which workspace-dedicated hosts `{workspaceId}.{regionId}.{apiDomain}` live.
   * Scheme and port are taken from `sharedOrigin`.
   */
  apiDomain: string;
}

export interface WorkspaceEndpoints {
  /** Shared host; calls to sub-workspace apps add `X-DashScope-WorkSpace`. */
  sharedBaseUrl: string;
  /** Workspace-dedicated host; only this workspace's keys are accepted there. */
  dedicatedBaseUrl: string;
}
