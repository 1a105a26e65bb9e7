import type { AcsOperation } from "../acs-operation.js";
import { agentOperations } from "./agents.js";
import { indexOperations } from "./indices.js";
import { bailianMemoryOperations } from "./memories.js";

/** Bailian 2023-12-29 operations (docs/openapi-signed.md, "Bailian"). */
export const bailianOperations: AcsOperation[] = [...agentOperations, ...bailianMemoryOperations, ...indexOperations];
