export const appTypes = ["agent", "workflow"] as const;
export type AppType = (typeof appTypes)[number];

/** draft: never published; published: the draft equals the latest version; changed: published, with draft edits since. */
export type AppStatus = "draft" | "published" | "changed";

/** An HTTP tool the agent's model may call through function calling. */
export interface HttpTool {
  name: string;
  description: string;
  /** JSON Schema (type object) of the arguments the model must supply. */
  parameters: Record<string, unknown>;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

/** An MCP service of the app's workspace the agent's model may call tools of. */
export interface McpServiceAttachment {
  serviceId: string;
  /** Only these of the service's allowed tools; unset or empty: all of them. */
  tools?: string[];
}

/** Answering from knowledge bases (Model Studio's `ragConfig`). Unset fields take the defaults of {@link knowledgeDefaults}. */
export interface AgentKnowledgeConfig {
  /** Knowledge bases of the app's workspace searched on every call (`rag_options.pipeline_ids` replaces them per call). */
  knowledgeBaseIds: string[];
  /** Chunks retrieved per call, 1-20. */
  topK?: number;
  /** Most characters of retrieved text put into the system prompt. */
  maxContextChars?: number;
  /** Hits scoring below it (0..1) are dropped. */
  scoreThreshold?: number;
  /** "Show answer source": the response lists the cited chunks as `doc_references`. */
  showSources?: boolean;
  /** When nothing is retrieved: let the model answer anyway, or reply with fixed text without calling it. */
  noMatch?: { mode: "answer" | "fixed"; reply?: string };
}

export interface AgentConfig {
  /** Model ID as known to a configured provider, e.g. `qwen-plus`. */
  model: string;
  /** System instructions; `${name}` is filled from `biz_params.user_prompt_params`. */
  instructions: string;
  temperature?: number;
  topP?: number;
  topK?: number;
  maxTokens?: number;
  seed?: number;
  enableThinking?: boolean;
  /** How many past rounds of history are sent to the model. */
  dialogRounds: number;
  tools: HttpTool[];
  /** MCP services whose tools are offered next to `tools` (named `service__tool`). */
  mcpServices?: McpServiceAttachment[];
  knowledge?: AgentKnowledgeConfig;
  /** Long-term memory: with it on, calls that send `input.memory_id` recall and store facts about the user. */
  longTermMemory?: { enabled: boolean };
}

export interface WorkflowNode {
  /** `<Type>_<4 chars>`, e.g. `LLM_NPem`. */
  id: string;
  type: string;
  name: string;
  config: Record<string, unknown>;
  position?: { x: number; y: number };
}

export interface WorkflowEdge {
  source: string;
  target: string;
  /** Branch handle on the source node (condition branches, error branches). */
  sourceHandle?: string;
}

export interface WorkflowGraph {
  /** `task` (default): single-shot. `dialog`: multi-turn, history through `session_id` / `messages`. */
  kind?: "task" | "dialog";
  nodes: WorkflowNode[];
  edges: WorkflowEdge[];
}

export type AppConfig = AgentConfig | WorkflowGraph;

export interface App {
  id: string;
  workspaceId: string;
  type: AppType;
  name: string;
  description: string;
  draft: AppConfig;
  draftChanged: boolean;
  publishedVersion: number | null;
  publishedAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface AppVersion {
  appId: string;
  version: number;
  config: AppConfig;
  note: string;
  publishedBy: string;
  publishedAt: string;
}

export function appStatus(app: Pick<App, "publishedVersion" | "draftChanged">): AppStatus {
  if (app.publishedVersion === null) return "draft";
  return app.draftChanged ? "changed" : "published";
}
