import { AppError, invalidField } from "../errors.js";
import { SESSION_ID_PATTERN } from "../ids.js";
import type { BizParams } from "../runtime/agent-events.js";
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
  };
}

/** What a call asks for, with DashScope's rules applied (prompt/messages, messages win over session_id). */
export interface CompletionRequest {
  prompt: string;
  /** Caller-kept history from `input.messages`; when set, `sessionId` is not used for history. */
  callerHistory: ConversationMessage[] | null;
  sessionId: string | null;
  bizParams: BizParams;
  imageList: string[];
  incrementalOutput: boolean;
  hasThoughts: boolean;
  flowStreamMode: string;
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
