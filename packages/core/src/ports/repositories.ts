import type { AccessKey, AccessKeyRecord } from "../access-keys/access-key-types.js";
import type { AccessToken, User } from "../accounts/account-types.js";
import type { ApiKey, ApiKeyWithHash } from "../api-keys/api-key-types.js";
import type { App, AppConfig, AppType, AppVersion } from "../apps/app-types.js";
import type { AuditEvent, AuditQuery } from "../audit/audit-types.js";
import type { CallLogEntry, CallLogQuery, CallStatsBucket, CallStatsQuery } from "../call-logs/call-log-types.js";
import type { ConversationRound, ConversationSession } from "../conversations/conversation-types.js";
import type { ChunkEmbeddingStore, SearchHit, SearchScope } from "../knowledge/knowledge-ports.js";
import type { ChunkDraft, DocumentStatus, KnowledgeBase, KnowledgeChunk, KnowledgeDocument, MetadataValue } from "../knowledge/knowledge-types.js";
import type { McpServicePatch, McpServiceRecord } from "../mcp/mcp-types.js";
import type { Memory, MemoryNode } from "../memory/memory-types.js";
import type { ModelProviderRecord } from "../model-providers/model-provider-types.js";
import type { WorkflowNodeRun, WorkflowRun, WorkflowRunQuery } from "../workflows/workflow-run-types.js";
import type { Member, MemberRole, Workspace } from "../workspaces/workspace-types.js";
import type { Page, PageRequest } from "./page.js";

/**
 * Storage ports: every repository of every feature is declared here, and only here; the
 * records and query shapes they carry stay with their feature's types. Implementations live in
 * `@appstudio/storage` (SQLite and PostgreSQL) and in `testing/` (in memory). Unique-constraint
 * violations surface as `AppError("Conflict")`.
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

/** Storage port for AccessKeys (SQLite and PostgreSQL in `@appstudio/storage`). */
export interface AccessKeyRepository {
  create(key: AccessKeyRecord): Promise<void>;
  findById(id: string): Promise<AccessKeyRecord | undefined>;
  listForUser(userId: string): Promise<AccessKey[]>;
  setDisabled(id: string, disabled: boolean): Promise<void>;
  touch(id: string, at: string): Promise<void>;
  delete(id: string): Promise<void>;
}

/**
 * Server-side history behind `session_id`, in the database so that every server process
 * sees the same sessions.
 */
export interface ConversationRepository {
  find(id: string): Promise<ConversationSession | undefined>;
  /**
   * Appends a round, keeps the newest `maxRounds`, and slides the expiry. Creates the session
   * when new; an expired one of the same app and workspace starts afresh. A session of another
   * app or workspace is left untouched and `false` is returned.
   */
  appendRound(
    session: { id: string; appId: string; workspaceId: string },
    round: ConversationRound,
    options: { maxRounds: number; now: string; expiresAt: string },
  ): Promise<boolean>;
  purgeExpired(now: string): Promise<number>;
}

/**
 * Storage of workflow runs and their node runs. The engine writes as things happen (a run
 * and each node run when they start, again when they end), in order, off the hot path.
 */
export interface WorkflowRunRepository {
  /** Inserts or replaces a run. */
  saveRun(run: WorkflowRun): Promise<void>;
  /** Inserts or replaces a node run. */
  saveNodeRun(nodeRun: WorkflowNodeRun): Promise<void>;
  findRun(id: string): Promise<WorkflowRun | undefined>;
  /** Newest first. */
  listRuns(query: WorkflowRunQuery): Promise<Page<WorkflowRun>>;
  /** In start order. */
  listNodeRuns(runId: string): Promise<WorkflowNodeRun[]>;
}

/** Storage of {@link ModelProviderRecord}s. A duplicate name surfaces as `AppError("Conflict")`. */
export interface ModelProviderRepository {
  /** All stored providers, oldest first (routing order among stored providers). */
  list(): Promise<ModelProviderRecord[]>;
  findById(id: string): Promise<ModelProviderRecord | undefined>;
  create(record: ModelProviderRecord): Promise<void>;
  /** True when a row was deleted. */
  delete(id: string): Promise<boolean>;
  count(): Promise<number>;
}

/** Storage of MCP services. A duplicate name in a workspace surfaces as `AppError("Conflict")`. */
export interface McpServiceRepository {
  create(record: McpServiceRecord): Promise<void>;
  find(workspaceId: string, id: string): Promise<McpServiceRecord | undefined>;
  findByName(workspaceId: string, name: string): Promise<McpServiceRecord | undefined>;
  /** The owner workspace of an ID, so a lookup can be authorized before the row is read. */
  workspaceOf(id: string): Promise<string | undefined>;
  /** Oldest first. */
  list(query: PageRequest & { workspaceId: string }): Promise<Page<McpServiceRecord>>;
  update(workspaceId: string, id: string, patch: McpServicePatch): Promise<void>;
  /** True when a row was deleted. */
  delete(workspaceId: string, id: string): Promise<boolean>;
}

/**
 * Storage of memories and their nodes. Every call that takes an ID also takes the workspace
 * (except `findById`, for lookups the caller then authorizes), so another workspace's row
 * reads as missing.
 */
export interface MemoryRepository {
  create(memory: Omit<Memory, "nodeCount">): Promise<void>;
  findById(id: string): Promise<Memory | undefined>;
  find(workspaceId: string, id: string): Promise<Memory | undefined>;
  /** Newest first. An empty `workspaceIds` lists nothing; an absent one lists every workspace. */
  list(query: PageRequest & { workspaceIds?: string[] }): Promise<Page<Memory>>;
  update(workspaceId: string, id: string, patch: { description: string; updatedAt: string }): Promise<void>;
  /** Deletes the memory with all its nodes. */
  delete(workspaceId: string, id: string): Promise<void>;

  createNodes(nodes: MemoryNode[]): Promise<void>;
  findNode(workspaceId: string, memoryId: string, nodeId: string): Promise<MemoryNode | undefined>;
  /** Oldest first, so a store reads in the order facts were learnt. */
  listNodes(query: PageRequest & { workspaceId: string; memoryId: string }): Promise<Page<MemoryNode>>;
  updateNode(workspaceId: string, memoryId: string, nodeId: string, patch: { content: string; updatedAt: string }): Promise<void>;
  deleteNode(workspaceId: string, memoryId: string, nodeId: string): Promise<void>;
  /** Bumps the memory's `updatedAt` (nodes changed). */
  touch(workspaceId: string, id: string, at: string): Promise<void>;
}

/**
 * Knowledge bases. Every knowledge repository call that takes an ID also takes the workspace,
 * so a row of another workspace reads as missing.
 */
export interface KnowledgeBaseRepository {
  create(kb: Omit<KnowledgeBase, "documentCount" | "chunkCount" | "status">): Promise<void>;
  find(workspaceId: string, id: string): Promise<KnowledgeBase | undefined>;
  /** Exact name (names are unique in a workspace). */
  findByName(workspaceId: string, name: string): Promise<KnowledgeBase | undefined>;
  /**
   * The workspace that owns the ID, for management lookups by bare ID only: the caller must
   * authorize that workspace (`authorizeLookup`) before reading with `find`.
   */
  workspaceOf(id: string): Promise<string | undefined>;
  /** Newest first; `name` is a case-insensitive substring. Counts and status come in the same query. */
  list(query: PageRequest & { workspaceId: string; name?: string }): Promise<Page<KnowledgeBase>>;
  update(
    workspaceId: string,
    id: string,
    patch: Partial<Pick<KnowledgeBase, "name" | "description" | "chunking" | "embeddingModel" | "rerankModel">> & { updatedAt: string },
  ): Promise<void>;
  /** Deletes the knowledge base with its documents, files, chunks and jobs. */
  delete(workspaceId: string, id: string): Promise<void>;
}

export interface DocumentQuery extends PageRequest {
  workspaceId: string;
  knowledgeBaseId: string;
  status?: DocumentStatus;
  tag?: string;
  name?: string;
}

export interface KnowledgeDocumentRepository {
  /** Stores the document row, its original bytes and a queued job in one transaction. */
  create(document: KnowledgeDocument, content: Uint8Array): Promise<void>;
  find(workspaceId: string, id: string): Promise<KnowledgeDocument | undefined>;
  /** As `KnowledgeBaseRepository.workspaceOf`. */
  workspaceOf(id: string): Promise<string | undefined>;
  list(query: DocumentQuery): Promise<Page<KnowledgeDocument>>;
  readContent(workspaceId: string, id: string): Promise<Uint8Array | undefined>;
  update(workspaceId: string, id: string, patch: { tags?: string[]; metadata?: Record<string, MetadataValue>; updatedAt: string }): Promise<void>;
  setStatus(
    id: string,
    status: DocumentStatus,
    extra: { error?: string | null; pageCount?: number | null; chunkCount?: number; updatedAt: string },
  ): Promise<void>;
  delete(workspaceId: string, id: string): Promise<void>;
}

export interface ChunkQuery extends PageRequest {
  workspaceId: string;
  documentId: string;
}

export interface KnowledgeChunkRepository {
  /** Replaces every chunk of the document in one transaction (idempotent: a retried job never duplicates). */
  replaceForDocument(document: Pick<KnowledgeDocument, "id" | "knowledgeBaseId" | "workspaceId">, chunks: ChunkDraft[], at: string): Promise<KnowledgeChunk[]>;
  list(query: ChunkQuery): Promise<Page<KnowledgeChunk>>;
  find(workspaceId: string, id: string): Promise<KnowledgeChunk | undefined>;
  /** As `KnowledgeBaseRepository.workspaceOf`. */
  workspaceOf(id: string): Promise<string | undefined>;
  /** A new `text` marks the chunk `edited`. */
  update(workspaceId: string, id: string, patch: { text?: string; enabled?: boolean; tokenCount?: number; updatedAt: string }): Promise<void>;
  /** Also lowers the document's `chunkCount`. */
  delete(workspaceId: string, id: string): Promise<void>;
}

/** Durable ingestion jobs, one per document; a DB table in single-node mode. */
export interface KnowledgeJobRepository {
  /** (Re)queues the document's job; used on upload and re-index. */
  enqueue(documentId: string, workspaceId: string, at: string): Promise<void>;
  /**
   * Takes the next job whose lease is free or expired, preferring the workspace with the fewest
   * running jobs (fairness), and leases it to `owner` until `leaseExpiresAt`.
   */
  claim(owner: string, now: string, leaseExpiresAt: string): Promise<{ documentId: string; workspaceId: string; attempts: number } | undefined>;
  renew(documentId: string, owner: string, leaseExpiresAt: string): Promise<boolean>;
  finish(documentId: string, owner: string, state: "done" | "failed", at: string): Promise<void>;
  /**
   * Gives a leased job back without counting the attempt (a graceful shutdown): it becomes
   * claimable at once by this or another process. A no-op when `owner` no longer holds it.
   */
  release(documentId: string, owner: string, at: string): Promise<void>;
}

/**
 * The search index over chunks (migration 0008): full-text and vectors. Every search stays
 * inside `scope.workspaceId` (a knowledge base ID of another workspace in the filter finds
 * nothing) and returns enabled chunks only.
 */
export interface KnowledgeSearchRepository extends ChunkEmbeddingStore {
  /**
   * Chunks sharing terms with the query (CJK text as character bigrams, see `searchText`), best
   * first. Score: -BM25 on SQLite, ts_rank on PostgreSQL; only the order means something.
   * Empty when the query has no searchable term.
   */
  fullText(query: string, scope: SearchScope, limit: number): Promise<SearchHit[]>;
  /** Chunks whose vector from `scope.model` is nearest to `embedding`; score is cosine similarity (-1..1). */
  vector(embedding: number[], scope: SearchScope & { model: string }, limit: number): Promise<SearchHit[]>;
}

/** Storage of the call log. Writes come in batches from the buffered writer, never per call. */
export interface CallLogRepository {
  /** Inserts a batch; an entry whose request ID is already stored is skipped. */
  insertMany(entries: CallLogEntry[]): Promise<void>;
  /** Newest first. */
  list(query: CallLogQuery): Promise<Page<CallLogEntry>>;
  find(requestId: string): Promise<CallLogEntry | undefined>;
  /** Buckets ordered by start, then app. */
  stats(query: CallStatsQuery): Promise<CallStatsBucket[]>;
  /** Deletes entries that started before `cutoff`; returns how many. */
  purgeBefore(cutoff: string): Promise<number>;
  /** Clears prompt and answer of entries that started before `cutoff`; returns how many. */
  purgeContentBefore(cutoff: string): Promise<number>;
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
