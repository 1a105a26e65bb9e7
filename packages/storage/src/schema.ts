import type { Generated } from "kysely";

/**
 * Table shapes as Kysely sees them. Portable column types only, so one query layer serves
 * SQLite and PostgreSQL: timestamps are ISO-8601 UTC text (sortable), booleans are 0/1
 * integers, structured values are JSON text.
 */
export interface UsersTable {
  id: string;
  login_name: string;
  display_name: string;
  password_hash: string;
  is_main: number;
  disabled: number;
  policies: string;
  created_at: string;
  updated_at: string;
}

export interface AccessTokensTable {
  id: string;
  user_id: string;
  name: string;
  secret_hash: string;
  prefix: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
}

export interface ConsoleSessionsTable {
  id_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export interface WorkspacesTable {
  id: string;
  name: string;
  region: string;
  is_default: number;
  created_at: string;
  updated_at: string;
}

export interface WorkspaceMembersTable {
  workspace_id: string;
  user_id: string;
  role: string;
  created_at: string;
}

export interface AppsTable {
  id: string;
  workspace_id: string;
  type: string;
  name: string;
  description: string;
  draft: string;
  draft_changed: number;
  published_version: number | null;
  published_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface AppVersionsTable {
  app_id: string;
  version: number;
  config: string;
  note: string;
  published_by: string;
  published_at: string;
}

export interface ApiKeysTable {
  id: string;
  workspace_id: string;
  secret_hash: string;
  prefix: string;
  description: string;
  created_by: string;
  created_at: string;
  last_used_at: string | null;
  disabled: number;
  ip_allowlist: string;
  app_allowlist: string;
  /** `workspace` or `region` (ApiKeyScope). */
  scope: string;
}

export interface AuditEventsTable {
  id: string;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  workspace_id: string | null;
  ip: string | null;
  details: string;
}

export interface ConversationsTable {
  id: string;
  app_id: string;
  workspace_id: string;
  rounds: string;
  updated_at: string;
  expires_at: string;
}

export interface ModelProvidersTable {
  id: string;
  name: string;
  base_url: string;
  api_key_sealed: string | null;
  models: string;
  created_at: string;
  updated_at: string;
  created_by: string | null;
}

export interface CallLogsTable {
  request_id: string;
  app_id: string | null;
  workspace_id: string | null;
  api_key_id: string | null;
  user_id: string | null;
  source: string;
  status: number;
  error_code: string | null;
  latency_ms: number;
  input_tokens: number;
  output_tokens: number;
  streamed: number;
  session_id: string | null;
  started_at: string;
  prompt: string | null;
  answer: string | null;
  client_ip: string | null;
  key_prefix: string | null;
}

export interface WorkflowRunsTable {
  id: string;
  request_id: string;
  app_id: string;
  workspace_id: string;
  app_version: number | null;
  source: string;
  session_id: string | null;
  status: string;
  inputs: string;
  outputs: string | null;
  error: string | null;
  input_tokens: number;
  output_tokens: number;
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
}

export interface WorkflowNodeRunsTable {
  id: string;
  run_id: string;
  seq: number;
  node_id: string;
  node_type: string;
  node_name: string;
  parent_node_id: string | null;
  iteration_index: number | null;
  status: string;
  attempts: number;
  inputs: string;
  outputs: string | null;
  branch: string | null;
  error: string | null;
  model: string | null;
  input_tokens: number;
  output_tokens: number;
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
}

export interface KnowledgeBasesTable {
  id: string;
  workspace_id: string;
  name: string;
  description: string;
  chunk_tokens: number;
  overlap_tokens: number;
  embedding_model: string | null;
  rerank_model: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface KnowledgeDocumentsTable {
  id: string;
  knowledge_base_id: string;
  workspace_id: string;
  name: string;
  format: string;
  size_bytes: number;
  sha256: string;
  /** JSON array of strings. */
  tags: string;
  /** JSON object of string | number | boolean. */
  metadata: string;
  status: string;
  error: string | null;
  page_count: number | null;
  chunk_count: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** Original bytes of a document (blob on SQLite, bytea on PostgreSQL). */
export interface KnowledgeDocumentFilesTable {
  document_id: string;
  content: Uint8Array;
}

export interface KnowledgeChunksTable {
  id: string;
  document_id: string;
  knowledge_base_id: string;
  workspace_id: string;
  seq: number;
  text: string;
  /** JSON array of strings. */
  heading_path: string;
  page: number | null;
  token_count: number;
  enabled: number;
  edited: number;
  created_at: string;
  updated_at: string;
}

/**
 * Filter columns of each chunk for search, kept by triggers (migration 0008). SQLite: also
 * `search_key`, the chunk's rowid in the FTS5 table; PostgreSQL: also `terms` (tsvector).
 */
export interface KnowledgeChunkSearchTable {
  chunk_id: string;
  document_id: string;
  knowledge_base_id: string;
  workspace_id: string;
  enabled: number;
}

/** One normalised float32 vector per chunk (little-endian bytes); PostgreSQL with pgvector adds `embedding_pgv`. */
export interface KnowledgeChunkVectorsTable {
  chunk_id: string;
  document_id: string;
  knowledge_base_id: string;
  workspace_id: string;
  model: string;
  dims: number;
  enabled: number;
  /** `knowledge_vector_versions.version` of the write that stored it (bigint: a string from pg). */
  version: number | string;
  embedding: Uint8Array;
}

/** Bumped by every vector write to a knowledge base; the write holds its row lock until commit. */
export interface KnowledgeVectorVersionsTable {
  knowledge_base_id: string;
  version: number | string;
}

/** One ingestion job per document; `lease_*` lets a crashed worker's job be taken over. */
export interface KnowledgeJobsTable {
  document_id: string;
  workspace_id: string;
  /** queued | running | done | failed */
  state: string;
  attempts: number;
  lease_owner: string | null;
  lease_expires_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface MemoriesTable {
  id: string;
  workspace_id: string;
  description: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface MemoryNodesTable {
  id: string;
  memory_id: string;
  workspace_id: string;
  content: string;
  created_at: string;
  updated_at: string;
}

export interface AccessKeysTable {
  id: string;
  user_id: string;
  secret_sealed: string;
  disabled: number;
  created_at: string;
  last_used_at: string | null;
}

export interface AcsNoncesTable {
  access_key_id: string;
  nonce: string;
  expires_at: string;
}

export interface ApiKeyNumbersTable {
  number: Generated<number>;
  api_key_id: string;
}

export interface McpServicesTable {
  id: string;
  workspace_id: string;
  name: string;
  description: string;
  url: string;
  transport: string;
  /** JSON array of header names; the values are only in `headers_sealed`. */
  header_names: string;
  headers_sealed: string | null;
  /** JSON array of tool names; empty: all. */
  allowed_tools: string;
  timeout_ms: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** Settings all server processes on one database share (migration 0013): `secret_check`, `regions`. */
export interface InstanceSettingsTable {
  name: string;
  value: string;
  updated_at: string;
}

/** One row (id 1): moved forward by triggers on every change the app API's cached lookups depend on (migration 0014). */
export interface LookupEpochTable {
  id: number;
  /** A bigint: PostgreSQL returns it as a string. */
  epoch: number | string;
}

export interface Database {
  users: UsersTable;
  access_tokens: AccessTokensTable;
  access_keys: AccessKeysTable;
  acs_nonces: AcsNoncesTable;
  api_key_numbers: ApiKeyNumbersTable;
  console_sessions: ConsoleSessionsTable;
  workspaces: WorkspacesTable;
  workspace_members: WorkspaceMembersTable;
  apps: AppsTable;
  app_versions: AppVersionsTable;
  api_keys: ApiKeysTable;
  audit_events: AuditEventsTable;
  conversations: ConversationsTable;
  model_providers: ModelProvidersTable;
  call_logs: CallLogsTable;
  workflow_runs: WorkflowRunsTable;
  workflow_node_runs: WorkflowNodeRunsTable;
  knowledge_bases: KnowledgeBasesTable;
  knowledge_documents: KnowledgeDocumentsTable;
  knowledge_document_files: KnowledgeDocumentFilesTable;
  knowledge_chunks: KnowledgeChunksTable;
  knowledge_jobs: KnowledgeJobsTable;
  knowledge_chunk_search: KnowledgeChunkSearchTable;
  knowledge_chunk_vectors: KnowledgeChunkVectorsTable;
  knowledge_vector_versions: KnowledgeVectorVersionsTable;
  memories: MemoriesTable;
  memory_nodes: MemoryNodesTable;
  mcp_services: McpServicesTable;
  instance_settings: InstanceSettingsTable;
  lookup_epoch: LookupEpochTable;
}
