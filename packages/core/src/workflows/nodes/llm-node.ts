import type { ChatMessage } from "../../ports/model-provider.js";
import type { NodeDefinition, NodeSource } from "../workflow-types.js";
import { ConfigReader } from "./config-reader.js";
import { callModel, historyMessages, type ModelSettings, readModelSettings } from "./model-call.js";

export interface LlmConfig extends ModelSettings {
  systemPrompt: string;
  userPrompt: string;
  /** A `historyList` reference (dialog workflows); empty for none. */
  history: string;
  historyRounds: number;
}

export const llmNode: NodeDefinition<LlmConfig> = {
  type: "LLM",
  parse(raw, report) {
    const r = new ConfigReader(raw, report);
    return {
      ...readModelSettings(r),
      systemPrompt: r.string("systemPrompt", { max: 100_000 }),
      userPrompt: r.string("userPrompt", { required: true, max: 100_000 }),
      history: r.string("history"),
      historyRounds: r.number("historyRounds", { fallback: 3, min: 0, max: 50, integer: true }) ?? 3,
    };
  },
  outputs: () => ({ result: "String", reasoningContent: "String" }),
  sources(config) {
    const sources: NodeSource[] = [
      { field: "systemPrompt", value: config.systemPrompt },
      { field: "userPrompt", value: config.userPrompt },
    ];
    if (config.history) sources.push({ field: "history", value: config.history, expect: "Array<Object>" });
    return sources;
  },
  streamed: ["result", "reasoningContent"],
  defaultTimeoutMs: 120_000,
  async run(ctx) {
    const { config, inputs } = ctx;
    const messages: ChatMessage[] = [];
    const system = String(inputs.systemPrompt ?? "");
    if (system.trim() !== "") messages.push({ role: "system", content: system });
    messages.push(...historyMessages(inputs.history, config.historyRounds));
    messages.push({ role: "user", content: String(inputs.userPrompt ?? "") });
    const result = await callModel(ctx, config, messages, {
      text: (d) => ctx.emit("result", d),
      reasoning: (d) => ctx.emit("reasoningContent", d),
    });
    return { outputs: { result: result.text, reasoningContent: result.reasoning }, usage: result.usage, model: config.model };
  },
};
