/** Per-call overrides from the app API's `parameters` (camelCase; the HTTP layer maps names). */
export interface AgentCallParameters {
  temperature?: number;
  topP?: number;
  topK?: number;
  seed?: number;
  maxTokens?: number;
  enableThinking?: boolean;
  /** `parameters.model_id`: use this model instead of the app's. */
  modelId?: string;
  /** `parameters.has_thoughts`: emit reasoning and tool thoughts. Off by default, as in DashScope. */
  hasThoughts?: boolean;
}

/** `parameters.rag_options`: narrows the knowledge search of one call (camelCase of the wire names). */
export interface RagOptions {
  /** Knowledge bases to search instead of the app's; each must be one of the app's workspace. */
  pipelineIds?: string[];
  /** Only chunks of these documents. */
  fileIds?: string[];
  /** Only documents carrying every one of these tags. */
  tags?: string[];
  /** Exact matches on document metadata (`metadata_filter` and `structured_filter` merged). */
  metadataFilter?: Record<string, string | number | boolean>;
}

/** A source the model was given, numbered as it cites it (`<ref>[n]</ref>`); `output.doc_references[]` on the wire. */
export interface DocReference {
  /** The `n` of `<ref>[n]</ref>`, from 1. */
  index: number;
  documentId: string;
  documentName: string;
  chunkId: string;
  title: string;
  text: string;
  /** Page of the chunk (PDF), else empty. */
  pages: number[];
}

/** `input.biz_params`, kept in its wire shape because it is caller-defined pass-through JSON. */
export interface BizParams {
  /** Values for `${name}` variables in the instructions. */
  user_prompt_params?: Record<string, unknown>;
  /** Per tool name: values merged into that tool's arguments (they override the model's). */
  user_defined_params?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

/** One step of `output.thoughts[]` (camelCase of the DashScope fields). */
export interface AgentThought {
  /** `reasoning` for a thinking model's reasoning, `api` for an HTTP tool call or a memory recall, `agentRag` for knowledge retrieval. */
  actionType: "reasoning" | "api" | "agentRag";
  action: string;
  actionName: string;
  /** Reasoning text (reasoning thoughts only). */
  thought?: string;
  /** Tool input as JSON text (DashScope sends it both as `action_input_stream` and `arguments`). */
  arguments?: string;
  actionInput?: Record<string, unknown>;
  observation?: string;
}

export interface ModelUsage {
  modelId: string;
  inputTokens: number;
  outputTokens: number;
}

/**
 * What `runAgent` yields. `text` and `reasoning` are deltas in arrival order; `reasoning`,
 * `thought` and `tool_call` appear only with `hasThoughts`. `done` comes last, exactly once, on success.
 */
export type AgentEvent =
  | { type: "text"; delta: string }
  | { type: "reasoning"; delta: string }
  | { type: "tool_call"; thought: AgentThought }
  /** A step done before the model answers (knowledge retrieval, memory recall); only with `hasThoughts`. */
  | { type: "thought"; thought: AgentThought }
  /** The numbered sources the model was given; only when the app shows sources. Comes before any text. */
  | { type: "sources"; sources: DocReference[] }
  | {
      type: "done";
      /** Everything streamed as `text`, concatenated. */
      text: string;
      /** `length` when the model hit `maxTokens`; DashScope clients only ever see `stop`. */
      finishReason: "stop" | "length";
      /** One entry per model, summed over all model calls of the run. */
      usage: ModelUsage[];
      /** Empty unless `hasThoughts`; reasoning merged into one thought per model call. */
      thoughts: AgentThought[];
      /** `doc_references`: the sources the answer cites, or every source given when it cites none; empty unless the app shows sources. */
      references: DocReference[];
    };
