import type { AccessToken, Policy, User } from "../accounts/account-types.js";
import type { ApiKey, ApiKeyWithHash } from "../api-keys/api-key-types.js";
import type { App, AppConfig, AppType, AppVersion } from "../apps/app-types.js";
import type { AuditEvent, AuditQuery } from "../audit/audit-types.js";
import type { CallLogRepository } from "../call-logs/call-log-repository.js";
import type { ConversationRepository } from "../conversations/conversation-types.js";
import type {
  KnowledgeBaseRepository,
  KnowledgeChunkRepository,
  KnowledgeDocumentRepository,
  KnowledgeJobRepository,
  KnowledgeSearchRepository,
} from "../knowledge/knowledge-ports.js";
import type { McpServiceRepository } from "../mcp/mcp-types.js";
import type { MemoryRepository } from "../memory/memory-types.js";
import type { ModelProviderRepository } from "../model-providers/model-provider-types.js";
import type { WorkflowRunRepository } from "../workflows/workflow-run-types.js";
import type { Member, MemberRole, Workspace } from "../workspaces/workspace-types.js";
import type { Page, PageRequest } from "./page.js";

/**
 * Storage ports. Implementations live in `@appstudio/storage` (SQLite and PostgreSQL) and in
 * `testing/` (in memory). Unique-constraint violations surface as `AppError("Conflict")`.
 */
export interface UserRepository {
  create(user: User & { passwordHash: string }): Promise<void>;
  findById(id: string): Promise<User | undefined>;
  findByLoginName(loginName: string): Promise<(User & { passwordHash: string }) | undefined>;
  findMain(): Promise<User | undefined>;
  list(query: PageRequest & { search?: string }): Promise<Page<User>>;
  update(id: string, patch: Partial<Pick<User, "displayName" | "disabled" | "policies">> & { passwordHash?: string }): Promise<void>;
  delete(id: string): Promise<void>;
}

export interface AccessTokenRepository {
  create(token: AccessToken & { secretHash: string }): Promise<void>;
  findByHash(secretHash: string): Promise<AccessToken | undefined>;
  listForUser(userId: string): Promise<AccessToken[]>;
  touch(id: string, at: string): Promise<void>;
  delete(id: string): Promise<void>;
  deleteForUser(userId: string): Promise<void>;
}

export interface ConsoleSessionRepository {
  create(session: { idHash: string; userId: string; createdAt: string; expiresAt: string }): Promise<void>;
  find(idHash: string): Promise<{ userId: string; expiresAt: string } | undefined>;
  extend(idHash: string, expiresAt: string): Promise<void>;
  delete(idHash: string): Promise<void>;
  deleteForUser(userId: string): Promise<void>;
  purgeExpired(now: string): Promise<number>;
}

export interface WorkspaceRepository {
  create(workspace: Workspace): Promise<void>;
  findById(id: string): Promise<Workspace | undefined>;
  findDefault(region: string): Promise<Workspace | undefined>;
  list(query: PageRequest & { ids?: string[]; region?: string; name?: string }): Promise<Page<Workspace>>;
  countInRegion(region: string): Promise<number>;
  rename(id: string, name: string, at: string): Promise<void>;
  delete(id: string): Promise<void>;
}

export interface MemberRepository {
  upsert(member: { workspaceId: string; userId: string; role: MemberRole; createdAt: string }): Promise<void>;
  find(workspaceId: string, userId: string): Promise<Member | undefined>;
  listForWorkspace(workspaceId: string): Promise<Member[]>;
  /** workspaceId -> role, for building a principal. */
  rolesForUser(userId: string): Promise<Map<string, MemberRole>>;
  delete(workspaceId: string, userId: string): Promise<void>;
  deleteForUser(userId: string): Promise<void>;
}

export interface AppQuery extends PageRequest {
  workspaceIds?: string[];
  type?: AppType;
  name?: string;
  publishedOnly?: boolean;
  /** Only these App IDs (an API key's allowlist). */
  ids?: string[];
}

export interface AppRepository {
  create(app: App): Promise<void>;
  findById(id: string): Promise<App | undefined>;
  findByName(workspaceId: string, name: string): Promise<App | undefined>;
  list(query: AppQuery): Promise<Page<App>>;
  countInWorkspace(workspaceId: string): Promise<number>;
  update(
    id: string,
    patch: Partial<Pick<App, "name" | "description" | "draft" | "draftChanged" | "publishedVersion" | "publishedAt" | "updatedAt">>,
  ): Promise<void>;
  delete(id: string): Promise<void>;
  /** Atomically appends the next version and points the app at it. Returns the version number. */
  publish(appId: string, config: AppConfig, meta: { note: string; publishedBy: string; at: string }): Promise<number>;
  listVersions(appId: string): Promise<AppVersion[]>;
  findVersion(appId: string, version: number): Promise<AppVersion | undefined>;
}

export interface ApiKeyRepository {
  create(key: ApiKeyWithHash): Promise<void>;
  findById(id: string): Promise<ApiKey | undefined>;
  findByHash(secretHash: string): Promise<ApiKeyWithHash | undefined>;
  /** The key and its workspace in one read: the app API's authentication runs it on every call. */
  findWithWorkspaceByHash(secretHash: string): Promise<{ key: ApiKey; workspace: Workspace } | undefined>;
  list(query: PageRequest & { workspaceIds?: string[]; description?: string }): Promise<Page<ApiKey>>;
  countInWorkspace(workspaceId: string): Promise<number>;
  update(
    id: string,
    patch: Partial<Pick<ApiKeyWithHash, "description" | "disabled" | "ipAllowlist" | "appAllowlist" | "secretHash" | "prefix">>,
  ): Promise<void>;
  touch(id: string, at: string): Promise<void>;
  delete(id: string): Promise<void>;
}

export interface AuditRepository {
  append(event: AuditEvent): Promise<void>;
  list(query: AuditQuery): Promise<Page<AuditEvent>>;
}

/** Everything a use case may touch, plus a way to run several writes atomically. */
export interface Repositories {
  users: UserRepository;
  tokens: AccessTokenRepository;
  consoleSessions: ConsoleSessionRepository;
  workspaces: WorkspaceRepository;
  members: MemberRepository;
  apps: AppRepository;
  apiKeys: ApiKeyRepository;
  audit: AuditRepository;
  conversations: ConversationRepository;
  modelProviders: ModelProviderRepository;
  callLogs: CallLogRepository;
  workflowRuns: WorkflowRunRepository;
  knowledgeBases: KnowledgeBaseRepository;
  knowledgeDocuments: KnowledgeDocumentRepository;
  knowledgeChunks: KnowledgeChunkRepository;
  knowledgeJobs: KnowledgeJobRepository;
  knowledgeSearch: KnowledgeSearchRepository;
  memories: MemoryRepository;
  mcpServices: McpServiceRepository;
}

export type { Policy };
