import { isAppError } from "../../errors.js";
import type { ChatMessage, ChatRequest } from "../../ports/model-provider.js";
import type { ModelUsage } from "../../runtime/agent-events.js";
import { type ConversationMessage, lastRounds } from "../../runtime/build-messages.js";
import { NodeFailure, type NodeRunContext } from "../workflow-types.js";
import type { ConfigReader } from "./config-reader.js";

export interface ModelSettings {
  model: string;
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  enableThinking?: boolean;
}

export interface ModelCallResult {
  text: string;
  reasoning: string;
  usage: ModelUsage[];
}

/**
 * One streamed chat completion for an LLM-backed node. Provider errors become a node failure
 * that keeps the provider's error (its code survives if the run fails because of it).
 */
export async function callModel(
  ctx: NodeRunContext<unknown>,
  settings: ModelSettings,
  messages: ChatMessage[],
  onDelta?: { text?: (d: string) => void; reasoning?: (d: string) => void },
): Promise<ModelCallResult> {
  try {
    const resolved = await ctx.deps.models.resolve(settings.model, { workspaceId: ctx.call.workspaceId });
    const req: ChatRequest = { model: resolved.upstreamModel, messages, signal: ctx.signal };
    if (settings.temperature !== undefined) req.temperature = settings.temperature;
    if (settings.topP !== undefined) req.topP = settings.topP;
    if (settings.maxTokens !== undefined) req.maxTokens = settings.maxTokens;
    if (settings.enableThinking !== undefined) req.enableThinking = settings.enableThinking;
    let text = "";
    let reasoning = "";
    const usage = { inputTokens: 0, outputTokens: 0 };
    for await (const chunk of resolved.provider.stream(req)) {
      if (chunk.type === "text") {
        text += chunk.delta;
        onDelta?.text?.(chunk.delta);
      } else if (chunk.type === "reasoning") {
        reasoning += chunk.delta;
        onDelta?.reasoning?.(chunk.delta);
      } else if (chunk.type === "end") {
        usage.inputTokens += chunk.usage.inputTokens;
        usage.outputTokens += chunk.usage.outputTokens;
      }
    }
    return { text, reasoning, usage: [{ modelId: settings.model, ...usage }] };
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new NodeFailure("ModelError", `model '${settings.model}' failed: ${message}`, isAppError(error) ? error : undefined);
  }
}

/** History from a `historyList`-style value: valid messages only, trimmed to `rounds` rounds. */
export function historyMessages(value: unknown, rounds: number): ChatMessage[] {
  if (!Array.isArray(value)) return [];
  const messages: ConversationMessage[] = [];
  for (const item of value) {
    if (item === null || typeof item !== "object") continue;
    const { role, content } = item as { role?: unknown; content?: unknown };
    if ((role === "user" || role === "assistant") && typeof content === "string") messages.push({ role, content });
  }
  return lastRounds(messages, rounds).map((m) => (m.role === "user" ? { role: "user", content: m.content } : { role: "assistant", content: m.content }));
}

/** The JSON object in a model answer, tolerating code fences and prose around it. */
export function extractJsonObject(text: string): Record<string, unknown> | undefined {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  const candidates = [fenced?.[1], text, text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)];
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      const value: unknown = JSON.parse(candidate.trim());
      if (value !== null && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // try the next candidate
    }
  }
  return undefined;
}

/** Reads the model settings every LLM-backed node shares. */
export function readModelSettings(r: ConfigReader): ModelSettings {
  const settings: ModelSettings = { model: r.string("model", { required: true, max: 200 }) };
  const temperature = r.number("temperature", { min: 0, max: 1.99 });
  const topP = r.number("topP", { min: 0.01, max: 1 });
  const maxTokens = r.number("maxTokens", { min: 1, integer: true });
  if (temperature !== undefined) settings.temperature = temperature;
  if (topP !== undefined) settings.topP = topP;
  if (maxTokens !== undefined) settings.maxTokens = maxTokens;
  if (r.raw.enableThinking !== undefined) settings.enableThinking = r.boolean("enableThinking", false);
  return settings;
}
