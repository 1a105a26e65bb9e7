import type { AcsOperation } from "./acs-operation.js";
import { bailianOperations } from "./bailian/index.js";
import { modelStudioOperations } from "./modelstudio/index.js";

/** Every signed OpenAPI operation the server answers. */
export const acsOperations: readonly AcsOperation[] = [...bailianOperations, ...modelStudioOperations];
