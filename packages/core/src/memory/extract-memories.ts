import { newMemoryNodeId } from "../ids.js";
import { type Clock, isoNow } from "../ports/clock.js";
import type { ChatMessage, ModelProvider, ModelRouter } from "../ports/model-provider.js";
import type { MemoryRepository } from "../ports/repositories.js";
import { storableText } from "../text/storable-text.js";
import { MAX_MEMORY_NODE_CONTENT, MAX_MEMORY_NODES, type Memory, type MemoryNode } from "./memory-types.js";
import { factKey } from "./select-memory-nodes.js";

/** New facts kept from one turn at most; a turn that "teaches" more is more likely noise. */
export const MAX_FACTS_PER_TURN = 5;
/** Longest fact kept; the model is asked for one short sentence each. */
const MAX_FACT_CHARS = 300;
/** How much of the exchange the model reads (long answers matter little for facts about the user). */
const MAX_EXCHANGE_CHARS = 8000;

const INSTRUCTIONS = [
  "You maintain the long-term memory an assistant keeps about one user.",
  "Read the exchange and list the durable facts about the USER worth remembering in later conversations:",
  "their preferences, personal details they chose to share, goals, constraints, recurring needs.",
  "Leave out: anything that only matters to this conversation, anything the assistant said about itself or the world,",
  "guesses, secrets such as passwords or keys, and facts already in the known list.",
  'Write each fact as one short sentence in the user\'s language, e.g. "The user is vegetarian."',
  "Answer with a JSON array of strings and nothing else; answer [] when there is nothing new.",
].join(" ");

export interface ExtractMemoriesInput {
  models: ModelProvider | ModelRouter;
  modelId: string;
  memories: Pick<MemoryRepository, "createNodes" | "touch">;
  clock: Clock;
  memory: Memory;
  /** Nodes the store held when the turn started. */
  known: MemoryNode[];
  prompt: string;
  answer: string;
  signal?: AbortSignal;
}

/**
 * After a turn: asks the app's model which durable facts about the user the exchange revealed
 * and stores the new ones as nodes (case, spacing and punctuation ignored when comparing with
 * known facts). Returns the nodes added. Runs after the answer went out; its failures are the
 * caller's to log, never the caller's user's to see.
 */
export async function extractMemories(input: ExtractMemoriesInput): Promise<MemoryNode[]> {
  const room = MAX_MEMORY_NODES - input.known.length;
  if (room <= 0) return [];
  const reply = await complete(input, [
    { role: "system", content: INSTRUCTIONS },
    { role: "user", content: exchangeText(input) },
  ]);
  const seen = new Set(input.known.map((n) => factKey(n.content)));
  const now = isoNow(input.clock);
  const nodes: MemoryNode[] = [];
  for (const fact of parseFacts(reply)) {
    const key = factKey(fact);
    if (key === "" || seen.has(key)) continue;
    seen.add(key);
    nodes.push({ id: newMemoryNodeId(), memoryId: input.memory.id, workspaceId: input.memory.workspaceId, content: fact, createdAt: now, updatedAt: now });
    if (nodes.length >= Math.min(MAX_FACTS_PER_TURN, room)) break;
  }
  if (nodes.length === 0) return [];
  await input.memories.createNodes(nodes);
  await input.memories.touch(input.memory.workspaceId, input.memory.id, now);
  return nodes;
}

function exchangeText(input: ExtractMemoriesInput): string {
  const known = input.known.length === 0 ? "(none)" : input.known.map((n) => `- ${n.content}`).join("\n");
  const half = MAX_EXCHANGE_CHARS / 2;
  return `Known facts:\n${known}\n\nUser: ${input.prompt.slice(0, half)}\n\nAssistant: ${input.answer.slice(0, half)}`;
}

async function complete(input: ExtractMemoriesInput, messages: ChatMessage[]): Promise<string> {
  const resolved =
    "resolve" in input.models
      ? await input.models.resolve(input.modelId, { workspaceId: input.memory.workspaceId })
      : { provider: input.models, upstreamModel: input.modelId };
  let text = "";
  const signal = input.signal ?? new AbortController().signal;
  for await (const chunk of resolved.provider.stream({ model: resolved.upstreamModel, messages, temperature: 0, signal })) {
    if (chunk.type === "text") text += chunk.delta;
  }
  return text;
}

/** The JSON array in a model's reply (code fences and chatter around it tolerated); anything else gives no facts. */
export function parseFacts(reply: string): string[] {
  const start = reply.indexOf("[");
  const end = reply.lastIndexOf("]");
  if (start < 0 || end <= start) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(reply.slice(start, end + 1));
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed
    .filter((f): f is string => typeof f === "string")
    .map((f) => storableText(f.replace(/\s+/g, " ").trim()))
    .filter((f) => f.length > 0 && f.length <= Math.min(MAX_FACT_CHARS, MAX_MEMORY_NODE_CONTENT));
}
