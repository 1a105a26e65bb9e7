import type { ChatContentPart, ChatMessage, ChatRequest } from "@appstudio/core";
import type { ChatCompletionContentPart, ChatCompletionCreateParamsStreaming, ChatCompletionMessageParam } from "openai/resources/chat/completions";

/** Fields some OpenAI-compatible servers accept beyond OpenAI's schema (DashScope, vLLM). */
export interface ExtraBody {
  top_k?: number;
  enable_thinking?: boolean;
}

export type StreamingBody = ChatCompletionCreateParamsStreaming & ExtraBody;

export interface RequestShape {
  /** o-series and newer OpenAI models reject `max_tokens`; most other servers only know it. */
  maxTokensField: "max_tokens" | "max_completion_tokens";
}

/**
 * Builds the upstream body. Extra fields ride along in the body itself: the SDK sends the
 * params object as-is, which is how DashScope's own docs pass `enable_thinking`.
 */
export function toOpenAIRequest(req: ChatRequest, shape: RequestShape): StreamingBody {
  const body: StreamingBody = {
    model: req.model,
    messages: req.messages.map(toOpenAIMessage),
    stream: true,
    stream_options: { include_usage: true },
  };
  if (req.temperature !== undefined) body.temperature = req.temperature;
  if (req.topP !== undefined) body.top_p = req.topP;
  if (req.topK !== undefined) body.top_k = req.topK;
  if (req.seed !== undefined) body.seed = req.seed;
  if (req.maxTokens !== undefined) body[shape.maxTokensField] = req.maxTokens;
  if (req.enableThinking !== undefined) body.enable_thinking = req.enableThinking;
  if (req.tools && req.tools.length > 0) {
    body.tools = req.tools.map((t) => ({
      type: "function",
      function: { name: t.name, description: t.description, parameters: t.parameters },
    }));
    if (req.toolChoice) body.tool_choice = req.toolChoice;
  }
  return body;
}

export function toOpenAIMessage(m: ChatMessage): ChatCompletionMessageParam {
  switch (m.role) {
    case "system":
      return { role: "system", content: m.content };
    case "user":
      return { role: "user", content: typeof m.content === "string" ? m.content : m.content.map(toContentPart) };
    case "assistant":
      if (!m.toolCalls || m.toolCalls.length === 0) return { role: "assistant", content: m.content };
      return {
        role: "assistant",
        // OpenAI wants null, not "", next to tool calls; some servers reject the empty string.
        content: m.content === "" ? null : m.content,
        tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: "function", function: { name: c.name, arguments: c.arguments } })),
      };
    case "tool":
      return { role: "tool", tool_call_id: m.toolCallId, content: m.content };
  }
}

function toContentPart(part: ChatContentPart): ChatCompletionContentPart {
  return part.type === "text" ? { type: "text", text: part.text } : { type: "image_url", image_url: { url: part.imageUrl } };
}
