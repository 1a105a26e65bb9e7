import { randomBytes } from "node:crypto";
import type { AgentConfig, AgentKnowledgeConfig, AppType, WorkflowGraph } from "./app-types.js";

const suffix = () => randomBytes(3).toString("base64url").replace(/[-_]/g, "x").slice(0, 4);

/** What an agent's knowledge settings mean when a field is left out. */
export const knowledgeDefaults = {
  topK: 5,
  maxContextChars: 6000,
  showSources: false,
  noMatch: { mode: "answer" as const },
};

/** Knowledge settings with every default filled in. */
export function resolvedKnowledge(
  config: AgentKnowledgeConfig,
): Required<Omit<AgentKnowledgeConfig, "scoreThreshold">> & Pick<AgentKnowledgeConfig, "scoreThreshold"> {
  return {
    knowledgeBaseIds: config.knowledgeBaseIds,
    topK: config.topK ?? knowledgeDefaults.topK,
    maxContextChars: config.maxContextChars ?? knowledgeDefaults.maxContextChars,
    showSources: config.showSources ?? knowledgeDefaults.showSources,
    noMatch: config.noMatch ?? knowledgeDefaults.noMatch,
    ...(config.scoreThreshold !== undefined ? { scoreThreshold: config.scoreThreshold } : {}),
  };
}

export function defaultAgentConfig(model: string): AgentConfig {
  return { model, instructions: "You are a helpful assistant.", dialogRounds: 3, tools: [] };
}

/** Every workflow starts with its Start and End nodes, connected, as in Model Studio. */
export function defaultWorkflowGraph(): WorkflowGraph {
  const start = `Start_${suffix()}`;
  const end = `End_${suffix()}`;
  return {
    nodes: [
      { id: start, type: "Start", name: "Start", config: { variables: [] }, position: { x: 0, y: 0 } },
      { id: end, type: "End", name: "End", config: { mode: "text", template: `{{${start}.query}}`, stream: true }, position: { x: 400, y: 0 } },
    ],
    edges: [{ source: start, target: end }],
  };
}

export function defaultConfigFor(type: AppType, model: string) {
  return type === "agent" ? defaultAgentConfig(model) : defaultWorkflowGraph();
}
