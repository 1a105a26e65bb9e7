import type { AgentConfig, App } from "../apps/app-types.js";
import { extractMemories } from "../memory/extract-memories.js";
import type { Clock } from "../ports/clock.js";
import type { ModelRouter } from "../ports/model-provider.js";
import type { MemoryRepository } from "../ports/repositories.js";
import type { AgentEvent } from "../runtime/agent-events.js";
import { type MemoryStep, recallMemory } from "../runtime/recall-memory.js";
import type { CompletionRequest } from "./completion-request.js";

export interface TurnMemoryDeps {
  memories?: MemoryRepository;
  models: ModelRouter;
  clock: Clock;
  /** Extraction runs after the answer is out; its failures land here (logged), never in the response. */
  onBackgroundError?: (error: unknown) => void;
  /** Told about work that outlives the response, so shutdown (and tests) can wait for it. */
  trackBackground?: (task: Promise<unknown>) => void;
}

/**
 * The memory a call reads, when the agent has long-term memory on and the call names one
 * (`input.memory_id`). Without the switch, `memory_id` is ignored, as in Model Studio where
 * only apps with long-term memory use it.
 */
export async function recallForTurn(deps: TurnMemoryDeps, app: App, config: AgentConfig, request: CompletionRequest): Promise<MemoryStep | undefined> {
  if (!config.longTermMemory?.enabled || !request.memoryId || !deps.memories) return undefined;
  return recallMemory({ memories: deps.memories, workspaceId: app.workspaceId, memoryId: request.memoryId, query: request.prompt });
}

/**
 * Passes the turn's events through; once the answer is complete, starts extracting durable
 * facts about the user from the exchange into the memory, without holding up the response.
 */
export async function* rememberAfterTurn(
  deps: TurnMemoryDeps,
  turn: { config: AgentConfig; request: CompletionRequest; step: MemoryStep },
  events: AsyncIterable<AgentEvent>,
): AsyncGenerator<AgentEvent, void, undefined> {
  for await (const event of events) {
    if (event.type === "done" && event.usage.length > 0 && deps.memories) {
      const task = extractMemories({
        models: deps.models,
        modelId: turn.request.overrides.modelId ?? turn.config.model,
        memories: deps.memories,
        clock: deps.clock,
        memory: turn.step.memory,
        known: turn.step.nodes,
        prompt: turn.request.prompt,
        answer: event.text,
      }).catch((error: unknown) => deps.onBackgroundError?.(error));
      deps.trackBackground?.(task);
    }
    yield event;
  }
}
