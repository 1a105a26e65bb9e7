/**
 * Wire shapes of the management API, derived from the TypeBox schemas in packages/contracts/src/manage
 * so the console cannot drift from what the server validates and returns.
 *
 * Only `import type` here: the contracts package pulls in runtime schema code that the browser bundle
 * must not carry, and type-only imports are erased by the build.
 */
import type {
  AccessKeys,
  Accounts,
  ApiKeys,
  Apps,
  CallLogs,
  DashScope,
  Knowledge,
  KnowledgeRetrieval,
  McpServices,
  Memories,
  Providers,
  WorkflowRuns,
  Workspaces,
} from "@appstudio/contracts";
import type { Static } from "typebox";

export type Policy = Static<typeof Accounts.Policy>;
export type MemberRole = Static<typeof Workspaces.MemberRole>;

/**
 * Local on purpose: the contracts only offer `pageOf(schema)`, a schema factory, and a generic
 * type cannot be derived from it for an arbitrary item type.
 */
export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export type User = Static<typeof Accounts.User>;
export type WhoAmI = Static<typeof Accounts.WhoAmI>;

export type Region = Static<typeof Workspaces.Region>;
export type Workspace = Static<typeof Workspaces.Workspace>;
export type Member = Static<typeof Workspaces.Member>;

export type AppType = Static<typeof Apps.AppType>;
export type AppStatus = Static<typeof Apps.AppStatus>;
export type HttpTool = Static<typeof Apps.HttpTool>;
// The contracts inline the method union in HttpTool rather than naming it.
export type HttpMethod = HttpTool["method"];
export type AgentConfig = Static<typeof Apps.AgentConfig>;
export type AgentKnowledge = Static<typeof Apps.AgentKnowledgeConfig>;
export type WorkflowNode = Static<typeof Apps.WorkflowNode>;
export type WorkflowGraph = Static<typeof Apps.WorkflowGraph>;
export type App = Static<typeof Apps.App>;
export type AppDetail = Static<typeof Apps.AppDetail>;
export type AppVersion = Static<typeof Apps.AppVersion>;

/** An AccessKey pair for Alibaba Cloud's signed OpenAPI; listings never carry the secret. */
export type AccessKey = Static<typeof AccessKeys.AccessKey>;
export type ApiKey = Static<typeof ApiKeys.ApiKey>;

/** `prompt` and `answer` are null when content logging is off or past retention. */
export type CallLog = Static<typeof CallLogs.CallLog>;
export type StatsBucket = Static<typeof CallLogs.CallStatsBucket>;

export type Provider = Static<typeof Providers.Provider>;
export type ProviderTestResult = Static<typeof Providers.ProviderTestResult>;

export type WorkflowRun = Static<typeof WorkflowRuns.WorkflowRun>;
export type WorkflowRunStatus = Static<typeof WorkflowRuns.RunStatus>;
export type WorkflowNodeRun = Static<typeof WorkflowRuns.WorkflowNodeRun>;

export type KnowledgeBase = Static<typeof Knowledge.KnowledgeBase>;
export type KnowledgeBaseStatus = Static<typeof Knowledge.KnowledgeBaseStatus>;
export type KnowledgeDocument = Static<typeof Knowledge.Document>;
export type DocumentStatus = Static<typeof Knowledge.DocumentStatus>;
export type UploadResult = Static<typeof Knowledge.UploadResult>;
export type KnowledgeChunk = Static<typeof Knowledge.Chunk>;
export type RetrievalHit = Static<typeof KnowledgeRetrieval.Hit>;
export type HitTestResult = Static<typeof KnowledgeRetrieval.HitTestResult>;

export type MemoryNode = Static<typeof Memories.MemoryNode>;
export type McpService = Static<typeof McpServices.McpService>;
export type McpServiceInput = Static<typeof McpServices.CreateMcpServiceBody>;
export type McpServicePatch = Static<typeof McpServices.UpdateMcpServiceBody>;

/** `output.doc_references[]` of an agent that shows sources. */
export type DocReference = Static<typeof DashScope.DocReference>;

export const isAgentConfig = (config: AgentConfig | WorkflowGraph): config is AgentConfig => "instructions" in config;
