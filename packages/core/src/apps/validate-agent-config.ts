import { AppError, type FieldProblem } from "../errors.js";
import type { AgentConfig, AgentKnowledgeConfig } from "./app-types.js";

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** Semantic checks of an agent configuration (the HTTP layer already checked its shape). */
export function agentConfigProblems(config: AgentConfig, strict: boolean): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field: `config.${field}`, message });
  if (strict && config.model.trim() === "") add("model", "choose a model before publishing");
  if (!Number.isInteger(config.dialogRounds) || config.dialogRounds < 0 || config.dialogRounds > 50) add("dialogRounds", "must be a whole number from 0 to 50");
  if (config.temperature !== undefined && !(config.temperature >= 0 && config.temperature < 2)) add("temperature", "must be in [0, 2)");
  if (config.topP !== undefined && !(config.topP > 0 && config.topP <= 1)) add("topP", "must be in (0, 1]");
  if (config.topK !== undefined && !(Number.isInteger(config.topK) && config.topK >= 0)) add("topK", "must be a whole number >= 0");
  if (config.maxTokens !== undefined && !(Number.isInteger(config.maxTokens) && config.maxTokens > 0)) add("maxTokens", "must be a whole number > 0");
  const seen = new Set<string>();
  config.tools.forEach((tool, i) => {
    if (!TOOL_NAME.test(tool.name)) add(`tools[${i}].name`, "use 1-64 letters, digits, '_' or '-'");
    if (seen.has(tool.name)) add(`tools[${i}].name`, `duplicate tool name '${tool.name}'`);
    seen.add(tool.name);
    let url: URL | undefined;
    try {
      url = new URL(tool.url);
    } catch {
      add(`tools[${i}].url`, "must be an absolute URL");
    }
    if (url && url.protocol !== "http:" && url.protocol !== "https:") add(`tools[${i}].url`, "must use http or https");
    if (tool.parameters.type !== undefined && tool.parameters.type !== "object") add(`tools[${i}].parameters`, "must be a JSON Schema of type object");
    if (!(tool.timeoutMs >= 100 && tool.timeoutMs <= 120_000)) add(`tools[${i}].timeoutMs`, "must be between 100 and 120000");
  });
  problems.push(...mcpAttachmentProblems(config.mcpServices ?? []));
  if (config.knowledge) problems.push(...knowledgeConfigProblems(config.knowledge, strict));
  return problems;
}

/** At most this many MCP services per agent: each one is a connection opened on every call. */
export const MAX_AGENT_MCP_SERVICES = 10;

function mcpAttachmentProblems(attachments: NonNullable<AgentConfig["mcpServices"]>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field: `config.mcpServices${field}`, message });
  if (attachments.length > MAX_AGENT_MCP_SERVICES) add("", `at most ${MAX_AGENT_MCP_SERVICES} MCP services`);
  const seen = new Set<string>();
  attachments.forEach((a, i) => {
    if (seen.has(a.serviceId)) add(`[${i}].serviceId`, `attaches MCP service '${a.serviceId}' twice`);
    seen.add(a.serviceId);
    if (a.tools && new Set(a.tools).size !== a.tools.length) add(`[${i}].tools`, "lists a tool twice");
  });
  return problems;
}

/** Limits of the knowledge settings (the console's form uses the same). */
export const knowledgeLimits = { maxKnowledgeBases: 20, topK: { min: 1, max: 20 }, maxContextChars: { min: 500, max: 100_000 }, maxReplyChars: 4000 };

function knowledgeConfigProblems(k: AgentKnowledgeConfig, strict: boolean): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field: `config.knowledge.${field}`, message });
  const { topK, maxContextChars } = knowledgeLimits;
  if (k.knowledgeBaseIds.length > knowledgeLimits.maxKnowledgeBases) add("knowledgeBaseIds", `at most ${knowledgeLimits.maxKnowledgeBases} knowledge bases`);
  if (new Set(k.knowledgeBaseIds).size !== k.knowledgeBaseIds.length) add("knowledgeBaseIds", "lists a knowledge base twice");
  if (k.topK !== undefined && !(Number.isInteger(k.topK) && k.topK >= topK.min && k.topK <= topK.max))
    add("topK", `must be a whole number from ${topK.min} to ${topK.max}`);
  if (
    k.maxContextChars !== undefined &&
    !(Number.isInteger(k.maxContextChars) && k.maxContextChars >= maxContextChars.min && k.maxContextChars <= maxContextChars.max)
  ) {
    add("maxContextChars", `must be a whole number from ${maxContextChars.min} to ${maxContextChars.max}`);
  }
  if (k.scoreThreshold !== undefined && !(k.scoreThreshold >= 0 && k.scoreThreshold <= 1)) add("scoreThreshold", "must be in [0, 1]");
  const reply = k.noMatch?.reply ?? "";
  if (reply.length > knowledgeLimits.maxReplyChars) add("noMatch.reply", `must be at most ${knowledgeLimits.maxReplyChars} characters long`);
  if (strict && k.noMatch?.mode === "fixed" && reply.trim() === "") add("noMatch.reply", "write the fixed reply sent when nothing matches");
  return problems;
}

export function throwIfProblems(problems: FieldProblem[]): void {
  if (problems.length === 0) return;
  const summary = problems.map((p) => `${p.field}: ${p.message}`).join("; ");
  throw new AppError("InvalidParameter", summary, { fields: problems });
}
