/** Wire shapes of the management API (mirrors packages/contracts/src/manage). */

export type Policy = "FullAccess" | "ControlFullAccess" | "ReadOnlyAccess";
export type MemberRole = "admin" | "member";

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface User {
  id: string;
  loginName: string;
  displayName: string;
  isMain: boolean;
  disabled: boolean;
  policies: Policy[];
  createdAt: string;
  updatedAt: string;
}

export interface WhoAmI {
  user: User;
  superAdmin: boolean;
  canManageAllWorkspaces: boolean;
  memberships: { workspaceId: string; role: MemberRole }[];
}

export interface Region {
  id: string;
  name: string;
  sharedBaseUrl: string;
}

export interface Workspace {
  id: string;
  name: string;
  region: string;
  regionName: string;
  isDefault: boolean;
  endpoints: { sharedBaseUrl: string; dedicatedBaseUrl: string };
  createdAt: string;
  updatedAt: string;
}

export interface Member {
  workspaceId: string;
  userId: string;
  loginName: string;
  displayName: string;
  role: MemberRole;
  createdAt: string;
}

export type AppType = "agent" | "workflow";
export type AppStatus = "draft" | "published" | "changed";
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface HttpTool {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

export interface AgentConfig {
  model: string;
  instructions: string;
  temperature?: number;
  topP?: number;
  topK?: number;
  maxTokens?: number;
  seed?: number;
  enableThinking?: boolean;
  dialogRounds: number;
  tools: HttpTool[];
}

export interface WorkflowNode {
  id: string;
  type: string;
  name: string;
  config: Record<string, unknown>;
  position?: { x: number; y: number };
}

export interface WorkflowGraph {
  nodes: WorkflowNode[];
  edges: { source: string; target: string; sourceHandle?: string }[];
}

export interface App {
  id: string;
  workspaceId: string;
  type: AppType;
  name: string;
  description: string;
  status: AppStatus;
  publishedVersion: number | null;
  publishedAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface AppDetail extends App {
  draft: AgentConfig | WorkflowGraph;
}

export interface AppVersion {
  appId: string;
  version: number;
  config: AgentConfig | WorkflowGraph;
  note: string;
  publishedBy: string;
  publishedAt: string;
}

export interface ApiKey {
  id: string;
  workspaceId: string;
  prefix: string;
  description: string;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  disabled: boolean;
  ipAllowlist: string[];
  appAllowlist: string[];
}

export interface CreatedApiKey {
  key: ApiKey;
  secret: string;
}

export interface CallLog {
  requestId: string;
  appId: string | null;
  workspaceId: string | null;
  apiKeyId: string | null;
  userId: string | null;
  source: "api" | "console";
  status: number;
  errorCode: string | null;
  latencyMs: number;
  inputTokens: number;
  outputTokens: number;
  streamed: boolean;
  sessionId: string | null;
  startedAt: string;
  /** Null when content logging is off or past retention. */
  prompt: string | null;
  answer: string | null;
}

export interface StatsBucket {
  start: string;
  appId: string | null;
  calls: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
}

export interface Provider {
  id: string;
  name: string;
  baseUrl: string;
  models: string[];
  hasApiKey: boolean;
  source: "config" | "api";
  createdAt: string;
}

export interface ProviderTestResult {
  ok: boolean;
  latencyMs?: number;
  models?: string[];
  error?: string;
}

export interface ProviderStatus {
  configured: boolean;
  message: string;
}

export interface AuditEvent {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  workspaceId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

export const isAgentConfig = (config: AgentConfig | WorkflowGraph): config is AgentConfig => "instructions" in config;
