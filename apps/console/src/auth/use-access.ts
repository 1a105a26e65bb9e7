import { type Access, type Action, accessTo } from "./access";
import { useSession } from "./require-session";

export type { Access, Action };

/** `accessTo` for the signed-in user; follows whoami, so policy and membership changes apply without a reload. */
export function useAccess(action: Action, workspaceId?: string): Access {
  return accessTo(useSession(), action, workspaceId);
}
