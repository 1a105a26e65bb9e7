import type { AgentConfig } from "../apps/app-types.js";
import type { AgentThought, DocReference, RagOptions } from "./agent-events.js";
import { type KnowledgeAccess, retrieveKnowledge } from "./retrieve-knowledge.js";

/** Memory recalled for the turn before it starts (see `recallMemory`). */
export interface RecalledMemory {
  systemText: string;
  thought: AgentThought;
}

export interface AgentContextInput {
  config: AgentConfig;
  prompt: string;
  workspaceId?: string;
  ragOptions?: RagOptions;
  knowledge?: KnowledgeAccess;
  memory?: RecalledMemory;
  onWarning?: (message: string, details: Record<string, unknown>) => void;
}

/** What retrieval and memory add to a turn before the model is called. */
export interface AgentContext {
  /** Appended to the app's instructions in the system message; empty when nothing was added. */
  systemText: string;
  /** Knowledge retrieval first, then memory, as Model Studio orders them. */
  thoughts: AgentThought[];
  /** Numbered sources, when the app shows sources; empty otherwise. */
  sources: DocReference[];
  /** Nothing matched and the app answers with this fixed text, without the model. */
  fixedReply?: string;
}

export async function prepareAgentContext(input: AgentContextInput, signal: AbortSignal): Promise<AgentContext> {
  const knowledge = await retrieveKnowledge({
    config: input.config.knowledge,
    ragOptions: input.ragOptions,
    access: input.knowledge,
    workspaceId: input.workspaceId,
    query: input.prompt,
    signal,
    ...(input.onWarning ? { onWarning: input.onWarning } : {}),
  });
  const parts = [knowledge?.systemText ?? "", input.memory?.systemText ?? ""].filter((p) => p !== "");
  const context: AgentContext = {
    systemText: parts.join("\n\n"),
    thoughts: [knowledge?.thought, input.memory?.thought].filter((t): t is AgentThought => t !== undefined),
    sources: knowledge?.showSources ? knowledge.sources : [],
  };
  if (knowledge?.fixedReply !== undefined) context.fixedReply = knowledge.fixedReply;
  return context;
}

/** The app's rendered instructions followed by what retrieval and memory added. */
export function withContext(instructions: string, context: AgentContext): string {
  if (context.systemText === "") return instructions;
  return instructions.trim() === "" ? context.systemText : `${instructions}\n\n${context.systemText}`;
}
