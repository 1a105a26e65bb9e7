/**
 * Wire shapes of the management API: the sdk's, which it derives from the TypeBox schemas in
 * packages/contracts, so the console cannot drift from what the server validates and returns.
 * Only console-side helpers over those shapes are defined here.
 *
 * Only `export type` from the sdk here: type-only re-exports are erased by the build.
 */
import type { AgentConfig, HttpTool, WorkflowGraph } from "@appstudio/sdk";

export type {
  AccessKey,
  AgentConfig,
  AgentKnowledgeConfig,
  ApiKey,
  App,
  AppDetail,
  AppStatus,
  AppType,
  AppVersion,
  CallLog,
  CallStatsBucket,
  CreateMcpServiceBody,
  DocReference,
  DocumentStatus,
  HitTestResult,
  HttpTool,
  KnowledgeBase,
  KnowledgeBaseStatus,
  KnowledgeChunk,
  KnowledgeDocument,
  McpService,
  Member,
  MemberRole,
  MemoryNode,
  Page,
  Policy,
  Provider,
  ProviderTestResult,
  Region,
  RetrievalHit,
  UpdateMcpServiceBody,
  UploadResult,
  User,
  WhoAmI,
  WorkflowGraph,
  WorkflowNode,
  WorkflowNodeRun,
  WorkflowRun,
  WorkflowRunStatus,
  Workspace,
} from "@appstudio/sdk";

// The contracts inline the method union in HttpTool rather than naming it.
export type HttpMethod = HttpTool["method"];

export const isAgentConfig = (config: AgentConfig | WorkflowGraph): config is AgentConfig => "instructions" in config;
