/** Account-level policies, after Model Studio's RAM system policies. */
export const policies = ["FullAccess", "ControlFullAccess", "ReadOnlyAccess"] as const;
export type Policy = (typeof policies)[number];

export interface User {
  id: string;
  loginName: string;
  displayName: string;
  /** The deployment's main account: always a super administrator, cannot be disabled or deleted. */
  isMain: boolean;
  disabled: boolean;
  policies: Policy[];
  createdAt: string;
  updatedAt: string;
}

export interface AccessToken {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

export interface ConsoleSession {
  userId: string;
  expiresAt: string;
}
