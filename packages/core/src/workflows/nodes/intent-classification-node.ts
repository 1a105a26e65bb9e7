import type { ChatMessage } from "../../ports/model-provider.js";
import type { NodeDefinition, NodeSource } from "../workflow-types.js";
import { ELSE_HANDLE } from "./condition-node.js";
import { ConfigReader, NAME_PATTERN } from "./config-reader.js";
import { callModel, extractJsonObject, historyMessages, type ModelSettings, readModelSettings } from "./model-call.js";

interface Intent {
  /** The edge handle taken for this intent; also what the model answers with. */
  id: string;
  description: string;
}

export interface IntentClassificationConfig extends ModelSettings {
  query: string;
  intents: Intent[];
  instruction: string;
  history: string;
  historyRounds: number;
}

/** Lets a model pick the branch: one of the intents, or `else` when none fits. */
export const intentClassificationNode: NodeDefinition<IntentClassificationConfig> = {
  type: "IntentClassification",
  parse(raw, report) {
    const r = new ConfigReader(raw, report);
    const seen = new Set<string>();
    const intents = r.objects(
      "intents",
      (it, i) => {
        const id = it.string("id", { required: true, max: 64 });
        if (id && (!NAME_PATTERN.test(id) || id === ELSE_HANDLE || id === "error")) report(`intents[${i}].id`, `'${id}' cannot be an intent id`);
        if (seen.has(id)) report(`intents[${i}].id`, `duplicate intent id '${id}'`);
        seen.add(id);
        return { id, description: it.string("description", { required: true, max: 2000 }) };
      },
      { required: true, max: 50 },
    );
    return {
      ...readModelSettings(r),
      query: r.string("query", { required: true }),
      intents,
      instruction: r.string("instruction", { max: 20_000 }),
      history: r.string("history"),
      historyRounds: r.number("historyRounds", { fallback: 3, min: 0, max: 50, integer: true }) ?? 3,
    };
  },
  outputs: () => ({ intent: "String" }),
  sources(config) {
    const sources: NodeSource[] = [
      { field: "query", value: config.query },
      { field: "instruction", value: config.instruction },
    ];
    if (config.history) sources.push({ field: "history", value: config.history, expect: "Array<Object>" });
    return sources;
  },
  handles: (config) => [...config.intents.map((i) => i.id), ELSE_HANDLE],
  defaultTimeoutMs: 60_000,
  async run(ctx) {
    const { config } = ctx;
    const list = config.intents.map((i) => `- ${i.id}: ${i.description}`).join("\n");
    const system =
      "Classify the user's input into exactly one of these intents:\n" +
      `${list}\n- ${ELSE_HANDLE}: none of the above\n` +
      (String(ctx.inputs.instruction ?? "").trim() ? `${ctx.inputs.instruction}\n` : "") +
      'Answer with JSON only: {"intent": "<intent id>"}.';
    const messages: ChatMessage[] = [
      { role: "system", content: system },
      ...historyMessages(ctx.inputs.history, config.historyRounds),
      { role: "user", content: String(ctx.inputs.query ?? "") },
    ];
    const result = await callModel(ctx, { ...config, temperature: config.temperature ?? 0 }, messages);
    const intent = pickIntent(
      result.text,
      config.intents.map((i) => i.id),
    );
    return { outputs: { intent }, handle: intent, usage: result.usage, model: config.model };
  },
};

/** The intent the model named: from its JSON answer, else the first intent ID in the text, else `else`. */
function pickIntent(answer: string, ids: string[]): string {
  const named = extractJsonObject(answer)?.intent;
  if (typeof named === "string" && ids.includes(named.trim())) return named.trim();
  const trimmed = answer.trim();
  if (ids.includes(trimmed)) return trimmed;
  const mentioned = ids.filter((id) => new RegExp(`\\b${id}\\b`).test(answer));
  return mentioned.length === 1 ? mentioned[0]! : ELSE_HANDLE;
}
