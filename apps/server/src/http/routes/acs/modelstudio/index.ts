import type { AcsOperation } from "../acs-operation.js";
import { apiKeyOperations } from "./api-key-operations.js";
import { workspaceOperations } from "./workspace-operations.js";

/** ModelStudio 2026-02-10: workspace and API-key management. */
export const modelStudioOperations: AcsOperation[] = [...workspaceOperations, ...apiKeyOperations];
