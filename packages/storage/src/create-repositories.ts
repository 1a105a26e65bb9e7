import type { Repositories } from "@appstudio/core";
import type { Kysely } from "kysely";
import { KyselyAccessTokenRepository } from "./repositories/access-tokens-repository.js";
import { KyselyApiKeyRepository } from "./repositories/api-keys-repository.js";
import { KyselyAppRepository } from "./repositories/apps-repository.js";
import { KyselyAuditRepository } from "./repositories/audit-repository.js";
import { KyselyCallLogRepository } from "./repositories/call-logs-repository.js";
import { KyselyConversationRepository } from "./repositories/conversations-repository.js";
import { KyselyConsoleSessionRepository } from "./repositories/console-sessions-repository.js";
import { KyselyMemberRepository } from "./repositories/members-repository.js";
import { KyselyModelProviderRepository } from "./repositories/model-providers-repository.js";
import { KyselyUserRepository } from "./repositories/users-repository.js";
import { KyselyWorkflowRunRepository } from "./repositories/workflow-runs-repository.js";
import { KyselyWorkspaceRepository } from "./repositories/workspaces-repository.js";
import type { DialectName } from "./dialects/create-database.js";
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
  };
}
