import { type Kysely, type Migration, type MigrationProvider, Migrator } from "kysely";
import { foundation } from "./0001-foundation.js";
import { conversations } from "./0002-conversations.js";
import { modelProviders } from "./0003-model-providers.js";
import { callLogs } from "./0004-call-logs.js";
import { workflowRuns } from "./0005-workflow-runs.js";
import { callLogCallers } from "./0006-call-log-callers.js";
import { knowledgeBases } from "./0007-knowledge-bases.js";
import { knowledgeSearch } from "./0008-knowledge-search.js";
import { memory } from "./0009-memory.js";
import { mcpServices } from "./0010-mcp-services.js";
import { accessKeys } from "./0011-access-keys.js";
import { apiKeyScope } from "./0012-api-key-scope.js";
import { secretCheck } from "./0013-secret-check.js";

/**
 * The one migration list, run in name order on SQLite and PostgreSQL alike. Append only:
 * a released migration is never edited, a new file is added here instead.
 */
export const migrations: Record<string, Migration> = {
  "0001_foundation": foundation,
  "0002_conversations": conversations,
  "0003_model_providers": modelProviders,
  "0004_call_logs": callLogs,
  "0005_workflow_runs": workflowRuns,
  "0006_call_log_callers": callLogCallers,
  "0007_knowledge_bases": knowledgeBases,
  "0008_knowledge_search": knowledgeSearch,
  "0009_memory": memory,
  "0010_mcp_services": mcpServices,
  "0011_access_keys": accessKeys,
  "0012_api_key_scope": apiKeyScope,
  "0013_secret_check": secretCheck,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`database migration failed${failed ? ` at ${failed.migrationName}` : ""}: ${reason}`);
  }
}
