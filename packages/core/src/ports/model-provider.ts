import { AppError } from "../errors.js";

/** One part of a multimodal user message. `imageUrl` may be an http(s) URL or a data URL. */
export type ChatContentPart = { type: "text"; text: string } | { type: "image_url"; imageUrl: string };

/** A function call the model asked for, assembled from all its streamed fragments. */
export interface ToolCall {
  /** Upstream call ID; the matching `tool` message must echo it. */
  id: string;
  name: string;
  /** Raw JSON text as the model produced it; may be invalid JSON, the caller decides. */
  arguments: string;
}

export type ChatMessage =
  | { role: "system"; content: string }
  | { role: "user"; content: string | ChatContentPart[] }
  | { role: "assistant"; content: string; toolCalls?: ToolCall[] }
  | { role: "tool"; toolCallId: string; content: string };

/** A function the model may call. */
export interface ToolDefinition {
  name: string;
  description: string;
  /** JSON Schema (type object) of the arguments. */
  parameters: Record<string, unknown>;
}

export interface ChatRequest {
  /** Model name as the upstream knows it. */
  model: string;
  messages: ChatMessage[];
  temperature?: number;
  topP?: number;
  topK?: number;
  maxTokens?: number;
  seed?: number;
  /** Thinking switch of hybrid reasoning models (DashScope `enable_thinking`); unset = model default. */
  enableThinking?: boolean;
  tools?: ToolDefinition[];
  /** `none` keeps the tool list visible (history may reference it) but forbids new calls. */
  toolChoice?: "auto" | "none";
  /** Aborting it must abort the upstream HTTP request, not only stop reading. */
  signal: AbortSignal;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

/** Why the model stopped, in OpenAI's vocabulary. */
export type FinishReason = "stop" | "length" | "tool_calls" | "content_filter";

/**
 * What a provider stream yields. Deltas arrive as the upstream produces them; tool calls only
 * once complete; exactly one `end` chunk comes last on success.
 */
export type ChatChunk =
  | { type: "text"; delta: string }
  | { type: "reasoning"; delta: string }
  | { type: "tool_call"; call: ToolCall }
  /** `usage` is zero when the upstream did not report it. */
  | { type: "end"; finishReason: FinishReason; usage: TokenUsage };

export interface ModelInfo {
  id: string;
  ownedBy?: string;
}

export type ConnectionTestResult = { ok: true; latencyMs: number; modelCount: number } | { ok: false; latencyMs: number; message: string };

export interface EmbeddingRequest {
  /** Model name as the upstream knows it. */
  model: string;
  inputs: string[];
  signal?: AbortSignal;
}

export interface RerankRequest {
  model: string;
  query: string;
  documents: string[];
  signal?: AbortSignal;
}

/**
 * An LLM backend (DashScope compatible mode, OpenAI, Ollama, vLLM ...).
 *
 * Implementations stream from the upstream and must:
 * - abort the upstream request when `req.signal` aborts or the consumer stops iterating;
 * - fail only with `AppError` codes `Throttling.RateQuota`, `ModelServiceFailed`,
 *   `RequestTimeOut` or `InvalidParameter` (or rethrow the abort reason when `req.signal`
 *   aborted, because then nobody is listening for a mapped error);
 * - never retry on their own: retry policy belongs to the caller.
 */
export interface ModelProvider {
  /** Stable name for logs and errors, e.g. `dashscope`, `ollama`. */
  readonly id: string;
  stream(req: ChatRequest): AsyncIterable<ChatChunk>;
  /** Models the upstream offers (`GET /models`). */
  listModels(signal?: AbortSignal): Promise<ModelInfo[]>;
  /** Cheap reachability and credential check for the console's "test the connection". Never throws. */
  testConnection(signal?: AbortSignal): Promise<ConnectionTestResult>;
  /**
   * OpenAI-compatible `/embeddings`: one vector per input, in input order, batched as the
   * upstream allows. Same error rules as `stream`. Absent: the provider serves no embedding models.
   */
  embed?(req: EmbeddingRequest): Promise<number[][]>;
  /**
   * `/rerank`: one relevance score (0..1) per document, in input order; undefined when the
   * upstream has no rerank endpoint. Absent: the provider cannot rerank.
   */
  rerank?(req: RerankRequest): Promise<number[] | undefined>;
}

/** A provider chosen for a model ID, plus the name to send upstream (aliases may differ). */
export interface ResolvedModel {
  provider: ModelProvider;
  upstreamModel: string;
}

export interface ModelResolveContext {
  /** Lets workspace-scoped providers (added via the management API) take part. */
  workspaceId?: string;
}

/**
 * Finds the provider that serves a model ID (the app's `model`, or `parameters.model_id`).
 * Throws `AppError("ModelNotConfigured")` — see {@link modelNotConfigured} — when none does.
 */
export interface ModelRouter {
  resolve(modelId: string, ctx?: ModelResolveContext): Promise<ResolvedModel>;
}

/** The error every router throws for an unknown model; the message tells the operator what to do. */
export function modelNotConfigured(modelId: string): AppError {
  return new AppError(
    "ModelNotConfigured",
    `No model provider serves model '${modelId}'. Set DASHSCOPE_API_KEY (DashScope/Qwen models) or ` +
      "OPENAI_API_KEY (OpenAI models), run Ollama on localhost:11434 for local models, " +
      "or add a model provider via the management API or the console.",
    { modelId },
  );
}
