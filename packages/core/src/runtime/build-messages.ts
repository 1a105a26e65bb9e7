import { AppError } from "../errors.js";
import type { ChatContentPart, ChatMessage } from "../ports/model-provider.js";

/** A past message as the app API and the session store know it (text only). */
export interface ConversationMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface BuildMessagesInput {
  /** Rendered app instructions; omitted from the request when blank. */
  instructions: string;
  /** Earlier conversation, oldest first: session history or the caller's `input.messages`. */
  history: ConversationMessage[];
  /** This turn's user text. */
  prompt: string;
  /** `input.image_list`: URLs or data URLs sent as image parts of this turn's user message. */
  imageList?: string[];
  /** How many past rounds (a user message and the replies to it) the model sees. */
  dialogRounds: number;
}

/**
 * The message list for one model call: system instructions, the caller's own system messages,
 * the last `dialogRounds` rounds of history, then the new user message.
 *
 * Caller system messages are kept (after the app's instructions, which therefore stay the
 * first thing the model reads) and never count as rounds, so trimming cannot drop them.
 */
export function buildMessages(input: BuildMessagesInput): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (input.instructions.trim() !== "") messages.push({ role: "system", content: input.instructions });
  for (const m of input.history) if (m.role === "system") messages.push({ role: "system", content: m.content });
  for (const m of lastRounds(input.history, input.dialogRounds)) {
    messages.push(m.role === "user" ? { role: "user", content: m.content } : { role: "assistant", content: m.content });
  }
  messages.push({ role: "user", content: userContent(input.prompt, input.imageList) });
  return messages;
}

/** The tail of `history` (system messages removed) that starts at the Nth-last user message. */
export function lastRounds(history: ConversationMessage[], rounds: number): ConversationMessage[] {
  const turns = history.filter((m) => m.role !== "system");
  if (rounds <= 0) return [];
  let users = 0;
  for (let i = turns.length - 1; i >= 0; i--) {
    if (turns[i]?.role === "user" && ++users === rounds) return turns.slice(i);
  }
  // Fewer rounds than allowed: keep everything, but never start on a dangling assistant reply.
  const firstUser = turns.findIndex((m) => m.role === "user");
  return firstUser < 0 ? [] : turns.slice(firstUser);
}

function userContent(prompt: string, imageList: string[] | undefined): string | ChatContentPart[] {
  if (!imageList || imageList.length === 0) return prompt;
  const parts: ChatContentPart[] = [];
  if (prompt !== "") parts.push({ type: "text", text: prompt });
  for (const url of imageList) parts.push({ type: "image_url", imageUrl: url });
  return parts;
}

/**
 * Splits caller-kept `input.messages` (+ optional `prompt`, appended as the last user message,
 * as the DashScope SDKs do) into history and the current prompt.
 */
export function splitCallerMessages(messages: ConversationMessage[], prompt: string | undefined): { history: ConversationMessage[]; prompt: string } {
  const all = prompt === undefined ? messages : [...messages, { role: "user" as const, content: prompt }];
  const last = all[all.length - 1];
  if (last?.role !== "user") {
    // Same wording as DashScope for a conversation with nothing for the model to answer.
    throw new AppError("InvalidParameter", "The input messages do not contain elements with the role of user.");
  }
  return { history: all.slice(0, -1), prompt: last.content };
}
