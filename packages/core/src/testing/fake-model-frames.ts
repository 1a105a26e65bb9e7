import type { ChatBody, FakeReply, FakeToolCall } from "./fake-model-reply.js";

const CREATED = 1_700_000_000;

/** Splits text into `n` nearly equal pieces (fewer when the text is shorter than `n`). */
function splitInto(text: string, n: number): string[] {
  const count = Math.max(1, Math.min(n, text.length));
  const size = Math.ceil(text.length / count);
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces;
}

/** The text of the last user message, flattening content-part arrays. */
function lastUserText(body: ChatBody): string {
  const last = [...(body.messages ?? [])].reverse().find((m) => m.role === "user");
  return last ? contentText(last.content) : "";
}

function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((p: unknown) => (p && typeof p === "object" && "text" in p && typeof p.text === "string" ? p.text : "")).join("");
}

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

function resolved(body: ChatBody, reply: FakeReply) {
  const toolCalls = reply.toolCalls ?? [];
  const text = reply.text ?? (toolCalls.length > 0 ? "" : `Echo: ${lastUserText(body)}`);
  const reasoning = reply.reasoning ?? "";
  const promptWords = (body.messages ?? []).reduce((n, m) => n + words(contentText(m.content)), 0);
  const usage =
    reply.usage === null
      ? null
      : {
          prompt_tokens: reply.usage?.promptTokens ?? promptWords,
          completion_tokens: reply.usage?.completionTokens ?? Math.max(1, words(text) + words(reasoning)),
        };
  const finishReason = reply.finishReason ?? (toolCalls.length > 0 ? "tool_calls" : "stop");
  return { toolCalls, text, reasoning, usage, finishReason };
}

const argsText = (call: FakeToolCall) => (typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments));
const callId = (call: FakeToolCall, i: number) => call.id ?? `call_fake_${i}`;

/** A non-streaming `chat.completion` object. */
export function chatCompletionJson(body: ChatBody, reply: FakeReply): unknown {
  const r = resolved(body, reply);
  const message: Record<string, unknown> = { role: "assistant", content: r.text === "" && r.toolCalls.length > 0 ? null : r.text };
  if (r.reasoning) message.reasoning_content = r.reasoning;
  if (r.toolCalls.length > 0) {
    message.tool_calls = r.toolCalls.map((c, i) => ({ id: callId(c, i), type: "function", function: { name: c.name, arguments: argsText(c) } }));
  }
  return {
    id: "chatcmpl-fake",
    object: "chat.completion",
    created: CREATED,
    model: body.model ?? "fake-model",
    choices: [{ index: 0, message, finish_reason: r.finishReason, logprobs: null }],
    ...(r.usage ? { usage: { ...r.usage, total_tokens: r.usage.prompt_tokens + r.usage.completion_tokens } } : {}),
  };
}

/** The SSE frames of a streamed reply, in the order and shape OpenAI sends them. */
export function streamFrames(body: ChatBody, reply: FakeReply): string[] {
  const r = resolved(body, reply);
  const model = body.model ?? "fake-model";
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    `data: ${JSON.stringify({ id: "chatcmpl-fake", object: "chat.completion.chunk", created: CREATED, model, choices, ...extra })}\n\n`;
  const delta = (d: Record<string, unknown>, finish: string | null = null) => chunk([{ index: 0, delta: d, finish_reason: finish, logprobs: null }]);

  const frames = [delta({ role: "assistant", content: "" })];
  if (r.reasoning) for (const piece of splitInto(r.reasoning, reply.chunks ?? 3)) frames.push(delta({ reasoning_content: piece }));
  if (r.text) for (const piece of splitInto(r.text, reply.chunks ?? 3)) frames.push(delta({ content: piece }));
  r.toolCalls.forEach((call, index) => {
    frames.push(delta({ tool_calls: [{ index, id: callId(call, index), type: "function", function: { name: call.name, arguments: "" } }] }));
    for (const piece of splitInto(argsText(call), reply.argumentFragments ?? 3)) {
      frames.push(delta({ tool_calls: [{ index, function: { arguments: piece } }] }));
    }
  });
  frames.push(delta({}, r.finishReason));
  if (r.usage) frames.push(chunk([], { usage: { ...r.usage, total_tokens: r.usage.prompt_tokens + r.usage.completion_tokens } }));
  frames.push("data: [DONE]\n\n");
  return frames;
}
