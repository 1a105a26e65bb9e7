import type { WorkflowGraph, WorkflowNode } from "../apps/app-types.js";
import type { McpAccess } from "../mcp/mcp-access.js";
import type { Clock } from "../ports/clock.js";
import type { ModelRouter } from "../ports/model-provider.js";
import type { AppRepository, WorkflowRunRepository } from "../ports/repositories.js";
import type { ScriptSandbox } from "../ports/script-sandbox.js";
import type { ToolHttpClient } from "../ports/tool-http-client.js";
import type { AgentCallParameters, BizParams, ModelUsage } from "../runtime/agent-events.js";
import type { ConversationMessage } from "../runtime/build-messages.js";
import type { KnowledgeAccess } from "../runtime/retrieve-knowledge.js";
import type { Scope, VarType } from "./variables.js";
import type { NodeRunError } from "./workflow-run-types.js";

/** What the engine and its nodes reach outside themselves. */
export interface WorkflowDeps {
  models: ModelRouter;
  toolClient: ToolHttpClient;
  /** Required by Script nodes. */
  sandbox?: ScriptSandbox;
  /** Where runs are persisted; runs are not recorded without it. */
  runs?: WorkflowRunRepository;
  /** Required by App component nodes. */
  apps?: AppRepository;
  /** Required by Knowledge Retrieval nodes (and agents with knowledge called by App component nodes). */
  knowledge?: KnowledgeAccess;
  /** Required by MCP nodes (and agents with MCP services called by App component nodes). */
  mcp?: McpAccess;
  clock: Clock;
  /** A failed persistence write is reported here; the run itself goes on. */
  onPersistError?: (error: unknown) => void;
  /**
   * Deepest nesting a node's outputs may have (default DEFAULT_MAX_JSON_DEPTH): a Script or
   * an HTTP response could otherwise hand later nodes a value too deep to render or store.
   */
  maxJsonDepth?: number;
}

/** The call a run serves: what Start exposes and what LLM-backed nodes inherit. */
export interface WorkflowCall {
  runId: string;
  appId: string;
  workspaceId: string;
  prompt: string;
  history: ConversationMessage[];
  imageList: string[];
  bizParams: BizParams;
  /** Per-call model parameters (`parameters.temperature` ...); they win over node settings. */
  parameters: AgentCallParameters;
  /** App component nesting depth; bounded so apps cannot call each other forever. */
  depth: number;
}

/** A node's failure, as its error policy and the node run record see it. */
export class NodeFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The original error, e.g. an AppError from a model provider, so a failed run keeps its code. */
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = "NodeFailure";
  }

  toRecord(): NodeRunError {
    return { code: this.code, message: this.message };
  }
}

export interface NodeResult {
  outputs: Record<string, unknown>;
  /** Branch handle chosen by a branching node. */
  handle?: string;
  usage?: ModelUsage[];
  /** Model used, for the node run record. */
  model?: string;
}

export interface NodeRunContext<C> {
  node: WorkflowNode;
  config: C;
  /** The node's sources, resolved (see {@link NodeDefinition.sources}), keyed by field. */
  inputs: Record<string, unknown>;
  scope: Scope;
  call: WorkflowCall;
  deps: WorkflowDeps;
  /** Aborts on timeout, on run failure and when the caller goes away. */
  signal: AbortSignal;
  /** The node's effective timeout (its `timeoutMs`, else the type's default); sandboxes and HTTP calls use it. */
  timeoutMs: number | undefined;
  /** The compiled body of an Iteration node. */
  body: CompiledGraph | undefined;
  /** Streams a delta of one of the node's streamed output fields. */
  emit(field: string, delta: string): void;
  /** Runs an Iteration body once with `vars` as the Iteration node's own outputs. */
  runBody(body: CompiledGraph, vars: Record<string, unknown>, index: number): Promise<Scope>;
}

/** A config value that reads variables: a whole reference (typed) or a template (text). */
export interface NodeSource {
  /** Field path within the node config, e.g. `branches[0].conditions[1].left`. */
  field: string;
  value: unknown;
  /** Type the node needs when the value is a whole reference; templates always give String. */
  expect?: VarType;
}

export type Report = (field: string, message: string) => void;

/** One node type: how its config is read and checked, what it outputs, and how it runs. */
export interface NodeDefinition<C = unknown> {
  type: string;
  /** Reads the raw config with defaults; reports every problem (publish refuses any). */
  parse(raw: Record<string, unknown>, report: Report): C;
  /** Output fields and their types, for reference checking. */
  outputs(config: C): Record<string, VarType>;
  sources(config: C): NodeSource[];
  /** Branch handles the node chooses from; nodes without them take every non-error edge. */
  handles?(config: C): string[];
  /** Output fields delivered as deltas while the node runs (LLM `result` ...). */
  streamed?: readonly string[];
  /** Applied when the node config sets no `timeoutMs`. */
  defaultTimeoutMs?: number;
  /**
   * For nodes that enforce `timeoutMs` themselves (a sandbox, an HTTP client): the engine's own
   * watchdog fires this much later, so start-up costs (a sandbox process) do not count.
   */
  timeoutSlackMs?: number;
  /** Sub-graphs (Iteration bodies), compiled and checked with the graph. */
  body?(config: C): WorkflowGraph | undefined;
  run(ctx: NodeRunContext<C>): Promise<NodeResult>;
}

export type ErrorPolicy = "fail" | "default" | "branch";

/** Settings every node has besides its own config. */
export interface NodeErrorHandling {
  policy: ErrorPolicy;
  retries: number;
  retryDelayMs: number;
  timeoutMs: number | undefined;
  /** Outputs used when the policy is `default`. */
  defaultOutputs: Record<string, unknown>;
}

export interface CompiledNode {
  node: WorkflowNode;
  def: NodeDefinition<unknown>;
  config: unknown;
  errors: NodeErrorHandling;
  sources: NodeSource[];
  incoming: number;
  outgoing: { target: string; handle: string | undefined }[];
  /** Compiled body of an Iteration node. */
  body?: CompiledGraph;
  /** For agent_format ("result return" switch) and message_format ("streaming output" switch). */
  returnResult: boolean;
  streamOutput: boolean;
}

export interface CompiledGraph {
  nodes: Map<string, CompiledNode>;
  /** Nodes without incoming edges: Start, or the entry nodes of an Iteration body. */
  entries: string[];
  startId: string | undefined;
  endId: string | undefined;
}

/** Identity of a node in events and packets. */
export interface NodeInfo {
  id: string;
  type: string;
  name: string;
  returnResult: boolean;
  streamOutput: boolean;
}

/**
 * What a workflow run yields, in the order things happen. Only top-level nodes produce events;
 * nodes of Iteration bodies are recorded, not streamed. `done` comes last, once, on success.
 */
export type WorkflowEvent =
  | { type: "node_started"; node: NodeInfo }
  | { type: "node_delta"; node: NodeInfo; field: string; delta: string }
  | {
      type: "node_finished";
      node: NodeInfo;
      status: "succeeded" | "failed";
      outputs: Record<string, unknown>;
      error: NodeRunError | null;
      durationMs: number;
      usage: ModelUsage[];
    }
  | { type: "done"; runId: string; text: string; finishReason: "stop"; usage: ModelUsage[] };
