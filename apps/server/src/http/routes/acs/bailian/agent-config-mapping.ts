import { type AgentConfig, type AgentKnowledgeConfig, invalidField } from "@appstudio/core";

/**
 * Bailian's `applicationConfig` against our agent configuration. Only what both sides can say
 * is mapped; ranges are checked by core (`agentConfigProblems`) when the app is saved.
 *
 *   parameters.temperature / maxTokens / dialogRound / enable_thinking
 *       ↔ temperature / maxTokens / dialogRounds / enableThinking
 *   ragConfig.enableSearch + knowledgeBaseCodeList ↔ knowledge.knowledgeBaseIds (off = no knowledge)
 *   ragConfig.topK / enableCitation / retrieveMaxLength / fixedReplyDetail
 *       ↔ knowledge.topK / showSources / maxContextChars / noMatch {mode: "fixed", reply}
 *   longTermMemory.enable ↔ longTermMemory.enabled
 *
 * HTTP tools have no Bailian spelling (`tools` there names plugins by type): they are kept as
 * they are on updates and never listed.
 */

/** The parts of an agent configuration an `applicationConfig` may set. */
export type AgentSettings = Partial<Pick<AgentConfig, "temperature" | "maxTokens" | "dialogRounds" | "enableThinking" | "longTermMemory">> & {
  /** null: knowledge switched off. */
  knowledge?: AgentKnowledgeConfig | null;
};

type Json = Record<string, unknown>;

function objectAt(value: unknown, path: string): Json | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) throw invalidField(path, "must be a JSON object");
  return value as Json;
}

function numberAt(obj: Json, key: string, path: string): number | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value)) throw invalidField(`${path}.${key}`, "must be a number");
  return value;
}

function booleanAt(obj: Json, key: string, path: string): boolean | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw invalidField(`${path}.${key}`, "must be true or false");
  return value;
}

function stringAt(obj: Json, key: string, path: string): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw invalidField(`${path}.${key}`, "must be a string");
  return value;
}

function stringListAt(obj: Json, key: string, path: string): string[] | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) throw invalidField(`${path}.${key}`, "must be a list of strings");
  return value as string[];
}

/**
 * Reads an `applicationConfig` into agent settings. `current` is the knowledge configuration the
 * settings apply to (for a partial `ragConfig` on a selective update); undefined for a new one.
 */
export function agentSettingsOf(applicationConfig: unknown, current?: AgentKnowledgeConfig): AgentSettings {
  const root = objectAt(applicationConfig, "applicationConfig");
  if (!root) return {};
  const settings: AgentSettings = {};
  const parameters = objectAt(root.parameters, "applicationConfig.parameters");
  if (parameters) {
    const path = "applicationConfig.parameters";
    const temperature = numberAt(parameters, "temperature", path);
    const maxTokens = numberAt(parameters, "maxTokens", path);
    const dialogRounds = numberAt(parameters, "dialogRound", path);
    const enableThinking = booleanAt(parameters, "enable_thinking", path);
    if (temperature !== undefined) settings.temperature = temperature;
    if (maxTokens !== undefined) settings.maxTokens = maxTokens;
    if (dialogRounds !== undefined) settings.dialogRounds = dialogRounds;
    if (enableThinking !== undefined) settings.enableThinking = enableThinking;
  }
  const memory = objectAt(root.longTermMemory, "applicationConfig.longTermMemory");
  const memoryOn = memory ? booleanAt(memory, "enable", "applicationConfig.longTermMemory") : undefined;
  if (memoryOn !== undefined) settings.longTermMemory = { enabled: memoryOn };
  const rag = objectAt(root.ragConfig, "applicationConfig.ragConfig");
  if (rag) {
    const knowledge = knowledgeOf(rag, current);
    if (knowledge !== undefined) settings.knowledge = knowledge;
  }
  return settings;
}

function knowledgeOf(rag: Json, current: AgentKnowledgeConfig | undefined): AgentKnowledgeConfig | null | undefined {
  const path = "applicationConfig.ragConfig";
  const enableSearch = booleanAt(rag, "enableSearch", path);
  const ids = stringListAt(rag, "knowledgeBaseCodeList", path);
  const topK = numberAt(rag, "topK", path);
  const showSources = booleanAt(rag, "enableCitation", path);
  const maxContextChars = numberAt(rag, "retrieveMaxLength", path);
  const fixedReply = stringAt(rag, "fixedReplyDetail", path);
  if (enableSearch === false) return null;
  const knowledgeBaseIds = ids ?? current?.knowledgeBaseIds;
  if (knowledgeBaseIds === undefined || knowledgeBaseIds.length === 0) {
    if (enableSearch === true) throw invalidField(`${path}.knowledgeBaseCodeList`, "name at least one knowledge base when enableSearch is true");
    return ids === undefined ? undefined : null;
  }
  const next: AgentKnowledgeConfig = { ...current, knowledgeBaseIds };
  if (topK !== undefined) next.topK = topK;
  if (showSources !== undefined) next.showSources = showSources;
  if (maxContextChars !== undefined) next.maxContextChars = maxContextChars;
  if (fixedReply !== undefined) next.noMatch = fixedReply.trim() === "" ? { mode: "answer" } : { mode: "fixed", reply: fixedReply };
  return next;
}

/** Applies settings to a configuration (a missing key keeps what `base` has). */
export function withAgentSettings(base: AgentConfig, settings: AgentSettings): AgentConfig {
  const { knowledge, ...rest } = settings;
  const next: AgentConfig = { ...base, ...rest };
  if (knowledge === null) delete next.knowledge;
  else if (knowledge !== undefined) next.knowledge = knowledge;
  return next;
}

/** `applicationConfig` as GetPublishedAgent / ListPublishedAgent answer it. */
export function applicationConfigOf(config: AgentConfig) {
  const k = config.knowledge;
  return {
    parameters: {
      dialogRound: config.dialogRounds,
      ...(config.temperature !== undefined ? { temperature: config.temperature } : {}),
      ...(config.maxTokens !== undefined ? { maxTokens: config.maxTokens } : {}),
      ...(config.enableThinking !== undefined ? { enable_thinking: config.enableThinking } : {}),
    },
    ragConfig: {
      enableSearch: k !== undefined && k.knowledgeBaseIds.length > 0,
      knowledgeBaseCodeList: k?.knowledgeBaseIds ?? [],
      ...(k?.topK !== undefined ? { topK: k.topK } : {}),
      ...(k ? { enableCitation: k.showSources ?? false } : {}),
      ...(k?.maxContextChars !== undefined ? { retrieveMaxLength: k.maxContextChars } : {}),
      ...(k?.noMatch?.mode === "fixed" ? { fixedReplyDetail: k.noMatch.reply ?? "" } : {}),
    },
    longTermMemory: { enable: config.longTermMemory?.enabled ?? false },
    tools: [],
    workFlows: [],
  };
}

/** One agent as GetPublishedAgent / ListPublishedAgent answer it; `code` is our App ID. */
export function publishedAgentOf(app: { id: string; name: string }, config: AgentConfig) {
  return { code: app.id, name: app.name, modelId: config.model, instructions: config.instructions, applicationConfig: applicationConfigOf(config) };
}
