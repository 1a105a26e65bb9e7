/** A tool call the fake model makes; arguments objects are JSON-encoded and streamed in fragments. */
export interface FakeToolCall {
  name: string;
  arguments: string | Record<string, unknown>;
  id?: string;
}

/** How the fake answers one chat completion request. Every field is optional. */
export interface FakeReply {
  /** Answer text; default `Echo: <last user message>` (empty when `toolCalls` are given). */
  text?: string;
  /** Text is streamed in this many pieces (default 3). */
  chunks?: number;
  /** Sent as `reasoning_content` deltas (DashScope/DeepSeek style) before the text. */
  reasoning?: string;
  toolCalls?: FakeToolCall[];
  /** Tool-call arguments are streamed in this many fragments (default 3), as OpenAI does. */
  argumentFragments?: number;
  /** `null` sends no usage chunk; default counts words. */
  usage?: { promptTokens: number; completionTokens: number } | null;
  finishReason?: string;
  /** Pause before every SSE frame after the first (a slow model). */
  delayMs?: number;
  /** Pause before the response starts (a model that is slow to answer). */
  firstByteDelayMs?: number;
  /** Answer with this HTTP status and an OpenAI error body instead. */
  status?: number;
  errorMessage?: string;
  /** Extra response headers of that error answer, e.g. `{ "retry-after": "7" }`. */
  errorHeaders?: Record<string, string>;
  /** Destroy the socket after sending this many SSE frames (a dropped connection). */
  dropAfterFrames?: number;
}

/** The part of a chat completion request the fake model reads. */
export interface ChatBody {
  model?: string;
  stream?: boolean;
  messages?: { role: string; content?: unknown; tool_calls?: unknown; tool_call_id?: string }[];
  tools?: { type: string; function: { name: string; description?: string; parameters?: unknown } }[];
  [key: string]: unknown;
}
