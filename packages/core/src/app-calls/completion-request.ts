import { AppError, invalidField } from "../errors.js";
import { SESSION_ID_PATTERN } from "../ids.js";
import type { BizParams, RagOptions } from "../runtime/agent-events.js";
import type { ConversationMessage } from "../runtime/build-messages.js";

/** `POST /api/v1/apps/{APP_ID}/completion` body after schema validation (wire names kept). */
export interface CompletionBody {
  input?: {
    prompt?: string;
    messages?: { role: string; content: string | { text?: string; type?: string }[] }[];
    session_id?: string;
    memory_id?: string;
    biz_params?: BizParams;
    image_list?: string[];
    file_list?: string[];
  };
  parameters?: {
    incremental_output?: boolean;
    has_thoughts?: boolean;
    flow_stream_mode?: string;
    enable_thinking?: boolean;
    model_id?: string;
    temperature?: number;
    top_p?: number;
    top_k?: number;
    seed?: number;
    max_tokens?: number;
    rag_options?: {
      pipeline_ids?: string[];
      file_ids?: string[];
      tags?: string[];
      metadata_filter?: Record<string, unknown>;
      structured_filter?: Record<string, unknown>;
      session_file_ids?: string[];
    };
    mcp_servers?: string[];
  };
}

/** What a call asks for, with DashScope's rules applied (prompt/messages, messages win over session_id). */
export interface CompletionRequest {
  prompt: string;
  /** Caller-kept history from `input.messages`; when set, `sessionId` is not used for history. */
  callerHistory: ConversationMessage[] | null;
  sessionId: string | null;
  /** `input.memory_id`: used only by agents with long-term memory on. */
  memoryId: string | null;
  /** `parameters.rag_options`; null when absent. */
  ragOptions: RagOptions | null;
  /** `parameters.mcp_servers` (Java SDK): MCP services of the workspace added for this call (agent apps). */
  mcpServers: string[];
  bizParams: BizParams;
  imageList: string[];
  incrementalOutput: boolean;
  hasThoughts: boolean;
  flowStreamMode: string;
  /**
   * System messages for this turn only, after the app's instructions (the OpenAI-compatible
   * `instructions` and system/developer input items). Unlike system messages in `messages`,
   * they leave the server-kept session in use, and they are never saved to it.
   */
  systemMessages?: string[];
  /** False: the turn is not saved to its session (OpenAI's `store: false`, stateless Chat Completions). Default true. */
  keepSession?: boolean;
  overrides: {
    temperature?: number;
    topP?: number;
    topK?: number;
    seed?: number;
    maxTokens?: number;
    enableThinking?: boolean;
    modelId?: string;
  };
}

const ROLES = new Set(["system", "user", "assistant"]);

export function parseCompletionBody(body: CompletionBody | undefined): CompletionRequest {
  if (!body || typeof body !== "object") throw new AppError("BadRequest.IllegalInput", "The input parameter requires json format.");
  const input = body.input;
  if (!input) throw new AppError("BadRequest.EmptyInput", "Required input parameter missing from request.");
  const messages = (input.messages ?? []).map((m, i) => {
    if (!ROLES.has(m.role)) throw invalidField(`input.messages[${i}].role`, "must be system, user or assistant");
    const content = typeof m.content === "string" ? m.content : m.content.map((part) => part.text ?? "").join("");
    if (content.length === 0) throw invalidField(`input.messages[${i}].content`, "Role must be user or assistant and Content length must be greater than 0");
    return { role: m.role as ConversationMessage["role"], content };
  });
  const hasPrompt = typeof input.prompt === "string" && input.prompt.length > 0;
  if (!hasPrompt && messages.length === 0) {
    throw new AppError("InvalidParameter", 'Either "prompt" or "messages" must exist and cannot both be none', {
      fields: [{ field: "input.prompt", message: "required when input.messages is empty" }],
    });
  }
  if (input.session_id !== undefined && input.session_id !== "" && !SESSION_ID_PATTERN.test(input.session_id)) {
    throw invalidField("input.session_id", "must be a session_id returned by an earlier call (32 hex characters)");
  }
  let prompt = input.prompt ?? "";
  let callerHistory: ConversationMessage[] | null = null;
  if (messages.length > 0) {
    // The prompt, when present, is appended as the final user turn (as the SDKs do client-side).
    const all = hasPrompt ? [...messages, { role: "user" as const, content: prompt }] : messages;
    const last = all[all.length - 1]!;
    if (last.role !== "user") throw new AppError("InvalidParameter", "The input messages do not contain elements with the role of user.");
    callerHistory = all.slice(0, -1);
    prompt = last.content;
  }
  const p = body.parameters ?? {};
  return {
    prompt,
    callerHistory,
    sessionId: input.session_id ? input.session_id : null,
    memoryId: input.memory_id ? input.memory_id : null,
    ragOptions: p.rag_options ? parseRagOptions(p.rag_options) : null,
    mcpServers: [...new Set(p.mcp_servers ?? [])],
    bizParams: input.biz_params ?? {},
    imageList: input.image_list ?? [],
    incrementalOutput: p.incremental_output === true,
    hasThoughts: p.has_thoughts === true,
    flowStreamMode: p.flow_stream_mode ?? "full_thoughts",
    overrides: {
      ...(p.temperature !== undefined ? { temperature: p.temperature } : {}),
      ...(p.top_p !== undefined ? { topP: p.top_p } : {}),
      ...(p.top_k !== undefined ? { topK: p.top_k } : {}),
      ...(p.seed !== undefined ? { seed: p.seed } : {}),
      ...(p.max_tokens !== undefined ? { maxTokens: p.max_tokens } : {}),
      ...(p.enable_thinking !== undefined ? { enableThinking: p.enable_thinking } : {}),
      ...(p.model_id ? { modelId: p.model_id } : {}),
    },
  };
}

/**
 * `rag_options` as the runtime uses it. `structured_filter` (Model Studio's filter for table
 * knowledge bases) is read as metadata equality, like `metadata_filter`; `session_file_ids`
 * (temporary session files) is accepted and ignored.
 */
function parseRagOptions(raw: NonNullable<NonNullable<CompletionBody["parameters"]>["rag_options"]>): RagOptions {
  const metadata: Record<string, string | number | boolean> = {};
  for (const [name, filter] of [
    ["metadata_filter", raw.metadata_filter],
    ["structured_filter", raw.structured_filter],
  ] as const) {
    for (const [key, value] of Object.entries(filter ?? {})) {
      if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
        throw invalidField(`parameters.rag_options.${name}.${key}`, "must be a string, a number or a boolean");
      }
      metadata[key] = value;
    }
  }
  return {
    ...(raw.pipeline_ids && raw.pipeline_ids.length > 0 ? { pipelineIds: raw.pipeline_ids } : {}),
    ...(raw.file_ids && raw.file_ids.length > 0 ? { fileIds: raw.file_ids } : {}),
    ...(raw.tags && raw.tags.length > 0 ? { tags: raw.tags } : {}),
    ...(Object.keys(metadata).length > 0 ? { metadataFilter: metadata } : {}),
  };
}
