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

export interface Database {
  users: UsersTable;
  access_tokens: AccessTokensTable;
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
}
