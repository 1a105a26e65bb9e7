import { contentWriteAccess, type WriteAccess } from "./content-write-access";
import { useSession } from "./require-session";

export type { WriteAccess };

/** `contentWriteAccess` for the signed-in user. */
export function useContentWrite(workspaceId: string): WriteAccess {
  return contentWriteAccess(useSession(), workspaceId);
}
