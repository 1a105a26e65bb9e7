import type { Repositories } from "@appstudio/core";
import type { Kysely } from "kysely";
import type { DialectName } from "./dialects/create-database.js";
import { KyselyAccessTokenRepository } from "./repositories/access-tokens-repository.js";
import { KyselyApiKeyRepository } from "./repositories/api-keys-repository.js";
import { KyselyAppRepository } from "./repositories/apps-repository.js";
import { KyselyAuditRepository } from "./repositories/audit-repository.js";
import { KyselyCallLogRepository } from "./repositories/call-logs-repository.js";
import { KyselyConsoleSessionRepository } from "./repositories/console-sessions-repository.js";
import { KyselyConversationRepository } from "./repositories/conversations-repository.js";
import { KyselyKnowledgeBaseRepository } from "./repositories/knowledge-bases-repository.js";
import { KyselyKnowledgeChunkRepository } from "./repositories/knowledge-chunks-repository.js";
import { KyselyKnowledgeDocumentRepository } from "./repositories/knowledge-documents-repository.js";
import { KyselyKnowledgeJobRepository } from "./repositories/knowledge-jobs-repository.js";
import { KyselyKnowledgeSearchRepository } from "./repositories/knowledge-search-repository.js";
import { KyselyMcpServiceRepository } from "./repositories/mcp-services-repository.js";
import { KyselyMemberRepository } from "./repositories/members-repository.js";
import { KyselyMemoryRepository } from "./repositories/memories-repository.js";
import { KyselyModelProviderRepository } from "./repositories/model-providers-repository.js";
import { KyselyUserRepository } from "./repositories/users-repository.js";
import { KyselyWorkflowRunRepository } from "./repositories/workflow-runs-repository.js";
import { KyselyWorkspaceRepository } from "./repositories/workspaces-repository.js";
import type { Database } from "./schema.js";

/** `dialect` lets a repository use a dialect-only feature (row locks) where it matters. */
export function createRepositories(db: Kysely<Database>, dialect: DialectName): Repositories {
  return {
    users: new KyselyUserRepository(db),
    tokens: new KyselyAccessTokenRepository(db),
    consoleSessions: new KyselyConsoleSessionRepository(db),
    workspaces: new KyselyWorkspaceRepository(db),
    members: new KyselyMemberRepository(db),
    apps: new KyselyAppRepository(db, dialect),
    apiKeys: new KyselyApiKeyRepository(db),
    audit: new KyselyAuditRepository(db),
    conversations: new KyselyConversationRepository(db, dialect),
    modelProviders: new KyselyModelProviderRepository(db),
    callLogs: new KyselyCallLogRepository(db),
    workflowRuns: new KyselyWorkflowRunRepository(db),
    knowledgeBases: new KyselyKnowledgeBaseRepository(db),
    knowledgeDocuments: new KyselyKnowledgeDocumentRepository(db, dialect),
    knowledgeChunks: new KyselyKnowledgeChunkRepository(db, dialect),
    knowledgeJobs: new KyselyKnowledgeJobRepository(db, dialect),
    knowledgeSearch: new KyselyKnowledgeSearchRepository(db, dialect),
    memories: new KyselyMemoryRepository(db),
    mcpServices: new KyselyMcpServiceRepository(db),
  };
}
