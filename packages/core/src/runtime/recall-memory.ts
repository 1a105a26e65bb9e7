import { invalidField } from "../errors.js";
import { MEMORY_ID_PATTERN } from "../ids.js";
import { MAX_MEMORY_NODES, type Memory, type MemoryNode } from "../memory/memory-types.js";
import { selectMemoryNodes } from "../memory/select-memory-nodes.js";
import type { MemoryRepository } from "../ports/repositories.js";
import type { AgentThought } from "./agent-events.js";

/** `action_name` Model Studio gives long-term-memory thoughts. */
export const MEMORY_ACTION_NAME = "长期记忆检索";

export interface MemoryStep {
  memory: Memory;
  /** Every node of the store, for spotting facts already known after the turn. */
  nodes: MemoryNode[];
  /** What the model is told it remembers; empty when the store is. */
  systemText: string;
  thought: AgentThought;
}

/**
 * Reads the memory a call names (`input.memory_id`) into the turn. The memory must belong to
 * the app's workspace: an unknown ID and another workspace's are the same 400
 * `InvalidParameter`, so IDs cannot be probed.
 */
export async function recallMemory(input: {
  memories: Pick<MemoryRepository, "find" | "listNodes">;
  workspaceId: string;
  memoryId: string;
  query: string;
}): Promise<MemoryStep> {
  const memory = MEMORY_ID_PATTERN.test(input.memoryId) ? await input.memories.find(input.workspaceId, input.memoryId) : undefined;
  if (!memory) throw invalidField("input.memory_id", `no memory '${input.memoryId}' in this workspace`);
  const { items: nodes } = await input.memories.listNodes({ workspaceId: memory.workspaceId, memoryId: memory.id, limit: MAX_MEMORY_NODES, offset: 0 });
  const recalled = selectMemoryNodes(nodes, input.query);
  const args = JSON.stringify({ memory_id: memory.id, query: input.query });
  return {
    memory,
    nodes,
    systemText:
      recalled.length === 0
        ? ""
        : [
            "What you remember about the user from earlier conversations (use it when it helps; do not recite it):",
            ...recalled.map((n) => `- ${n.content}`),
          ].join("\n"),
    thought: {
      actionType: "api",
      action: "memory",
      actionName: MEMORY_ACTION_NAME,
      arguments: args,
      observation: JSON.stringify(recalled.map((n) => ({ memoryNodeId: n.id, content: n.content }))),
    },
  };
}
