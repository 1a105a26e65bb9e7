import { type AppError, getWorkspace, isAppError } from "@appstudio/core";
import { type AcsCall, AcsError } from "../acs-operation.js";

/**
 * Every Bailian path starts with the workspace. It must be one the caller may see; a missing
 * workspace and one of somebody else answer alike, with the code Model Studio's gateway uses
 * when a sub-account acts on a workspace it holds no permission in.
 */
export async function scopedWorkspace(call: AcsCall): Promise<string> {
  const workspaceId = call.params.workspaceId ?? "";
  try {
    await getWorkspace(call.container.core, call.principal, workspaceId);
  } catch (err) {
    if (isAppError(err) && err.code === "NotFound") {
      throw new AcsError(403, "BailianGateway.Workspace.NotAuthorised", `You are not authorised to access workspace '${workspaceId}', or it does not exist.`);
    }
    throw err;
  }
  return workspaceId;
}

/**
 * A resource found by ID must live in the workspace the path names; one of another workspace
 * (even a workspace the caller may also see) is missing here, so paths cannot cross workspaces.
 */
export function inWorkspace<T extends { workspaceId: string }>(found: T, workspaceId: string, missing: () => AppError): T {
  if (found.workspaceId !== workspaceId) throw missing();
  return found;
}
