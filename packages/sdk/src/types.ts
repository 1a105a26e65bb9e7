import type {
  AccessKeys,
  Accounts,
  ApiKeys,
  Apps,
  Audit,
  CallLogs,
  DashScope,
  ErrorBody,
  Knowledge,
  KnowledgeRetrieval,
  McpServices,
  Memories,
  Providers,
  WorkflowRuns,
  Workspaces,
} from "@appstudio/contracts";
import type { Static } from "typebox";

// Wire shapes of the management API, derived from the contracts so the SDK cannot drift from the server.
export type User = Static<typeof Accounts.User>;
export type Policy = Static<typeof Accounts.Policy>;
export type WhoAmI = Static<typeof Accounts.WhoAmI>;
export type AccessToken = Static<typeof Accounts.AccessToken>;
export type CreatedToken = Static<typeof Accounts.CreatedToken>;
export type CreateTokenBody = Static<typeof Accounts.CreateTokenBody>;
export type CreateUserBody = Static<typeof Accounts.CreateUserBody>;
export type UpdateUserBody = Static<typeof Accounts.UpdateUserBody>;
export type ChangePasswordBody = Static<typeof Accounts.ChangePasswordBody>;

export type Workspace = Static<typeof Workspaces.Workspace>;
export type Region = Static<typeof Workspaces.Region>;
export type Member = Static<typeof Workspaces.Member>;
export type MemberRole = Static<typeof Workspaces.MemberRole>;
export type CreateWorkspaceBody = Static<typeof Workspaces.CreateWorkspaceBody>;

export type App = Static<typeof Apps.App>;
export type AppDetail = Static<typeof Apps.AppDetail>;
export type AppType = Static<typeof Apps.AppType>;
export type AppVersion = Static<typeof Apps.AppVersion>;
export type AppStatus = Static<typeof Apps.AppStatus>;
export type AgentConfig = Static<typeof Apps.AgentConfig>;
export type AgentKnowledgeConfig = Static<typeof Apps.AgentKnowledgeConfig>;
export type HttpTool = Static<typeof Apps.HttpTool>;
export type WorkflowGraph = Static<typeof Apps.WorkflowGraph>;
export type WorkflowNode = Static<typeof Apps.WorkflowNode>;
export type AppConfig = Static<typeof Apps.AppConfig>;
export type CreateAppBody = Static<typeof Apps.CreateAppBody>;
export type UpdateAppBody = Static<typeof Apps.UpdateAppBody>;

export type AccessKey = Static<typeof AccessKeys.AccessKey>;
export type CreatedAccessKey = Static<typeof AccessKeys.CreatedAccessKey>;
export type ApiKey = Static<typeof ApiKeys.ApiKey>;
export type CreatedApiKey = Static<typeof ApiKeys.CreatedApiKey>;
export type CreateApiKeyBody = Static<typeof ApiKeys.CreateApiKeyBody>;
export type UpdateApiKeyBody = Static<typeof ApiKeys.UpdateApiKeyBody>;

export type AuditEvent = Static<typeof Audit.AuditEvent>;
export type AuditQuery = Static<typeof Audit.AuditQuery>;

export type ErrorBodyShape = Static<typeof ErrorBody>;

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface PageQuery {
  limit?: number;
  offset?: number;
}

export type CallLog = Static<typeof CallLogs.CallLog>;
export type CallLogQuery = Static<typeof CallLogs.CallLogQuery>;
export type CallStatsQuery = Static<typeof CallLogs.CallStatsQuery>;
export type CallStats = Static<typeof CallLogs.CallStats>;
export type CallStatsBucket = Static<typeof CallLogs.CallStatsBucket>;

export type Provider = Static<typeof Providers.Provider>;
export type CreateProviderBody = Static<typeof Providers.CreateProviderBody>;
export type ProviderTestResult = Static<typeof Providers.ProviderTestResult>;
export type McpService = Static<typeof McpServices.McpService>;
export type CreateMcpServiceBody = Static<typeof McpServices.CreateMcpServiceBody>;
export type UpdateMcpServiceBody = Static<typeof McpServices.UpdateMcpServiceBody>;
export type McpToolListing = Static<typeof McpServices.McpToolListing>;
export type ProviderStatus = Static<typeof Providers.ProviderStatus>;
export type ProviderModels = Static<typeof Providers.ProviderModels>;

export type WorkflowRun = Static<typeof WorkflowRuns.WorkflowRun>;
export type WorkflowRunDetail = Static<typeof WorkflowRuns.WorkflowRunDetail>;
export type WorkflowRunStatus = Static<typeof WorkflowRuns.RunStatus>;
export type WorkflowNodeRun = Static<typeof WorkflowRuns.WorkflowNodeRun>;
export type WorkflowRunQuery = Static<typeof WorkflowRuns.RunQuery>;

// The DashScope-compatible app API (`/api/v1`).
export type CompletionRequest = Static<typeof DashScope.CompletionBody>;
export type CompletionResponse = Static<typeof DashScope.CompletionResponse>;
export type CallableApp = Static<typeof DashScope.CallableApp>;
export type KeyWorkspace = Static<typeof DashScope.KeyWorkspace>;
/** `output.doc_references[]` of an agent that shows sources. */
export type DocReference = Static<typeof DashScope.DocReference>;

// Long-term memory.
export type Memory = Static<typeof Memories.Memory>;
export type MemoryNode = Static<typeof Memories.MemoryNode>;
export type CreateMemoryBody = Static<typeof Memories.CreateMemoryBody>;

// Knowledge bases, documents and chunks.
export type KnowledgeBase = Static<typeof Knowledge.KnowledgeBase>;
export type KnowledgeBaseStatus = Static<typeof Knowledge.KnowledgeBaseStatus>;
export type CreateKnowledgeBaseBody = Static<typeof Knowledge.CreateKnowledgeBaseBody>;
export type UpdateKnowledgeBaseBody = Static<typeof Knowledge.UpdateKnowledgeBaseBody>;
export type KnowledgeDocument = Static<typeof Knowledge.Document>;
export type DocumentStatus = Static<typeof Knowledge.DocumentStatus>;
export type UpdateDocumentBody = Static<typeof Knowledge.UpdateDocumentBody>;
export type UploadResult = Static<typeof Knowledge.UploadResult>;
export type KnowledgeChunk = Static<typeof Knowledge.Chunk>;
export type UpdateChunkBody = Static<typeof Knowledge.UpdateChunkBody>;
export type KeyKnowledgeBase = Static<typeof Knowledge.KeyKnowledgeBase>;
export type HitTestBody = Static<typeof KnowledgeRetrieval.HitTestBody>;
export type HitTestResult = Static<typeof KnowledgeRetrieval.HitTestResult>;
export type RetrievalHit = Static<typeof KnowledgeRetrieval.Hit>;
