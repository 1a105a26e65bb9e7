import { describe, expect, it } from "vitest";
import { ScriptedModelProvider } from "../testing/scripted-model-provider.js";
import { extractMemories, MAX_FACTS_PER_TURN, parseFacts } from "./extract-memories.js";
import type { Memory, MemoryNode } from "./memory-types.js";
import { RECALL_ALL_UP_TO, RECALL_TOP, selectMemoryNodes } from "./select-memory-nodes.js";

const memory: Memory = { id: "a".repeat(32), workspaceId: "ws-aaaaaaaaaaaaaaaa", description: "", nodeCount: 0, createdBy: "u", createdAt: "", updatedAt: "" };
const node = (content: string, i = 0): MemoryNode => ({
  id: String(i).padStart(32, "0"),
  memoryId: memory.id,
  workspaceId: memory.workspaceId,
  content,
  createdAt: "",
  updatedAt: "",
});

function store() {
  const created: MemoryNode[] = [];
  let touched = 0;
  return {
    created,
    touches: () => touched,
    repo: {
      createNodes: async (nodes: MemoryNode[]) => void created.push(...nodes),
      touch: async () => void touched++,
    },
  };
}

describe("memory extraction", () => {
  it("asks the model for facts about the user and stores only new ones", async () => {
    const provider = new ScriptedModelProvider().script([
      { type: "text", delta: '```json\n["The user is vegetarian.", "the user is  VEGETARIAN", "The user lives in Hangzhou."]\n```' },
    ]);
    const s = store();
    const added = await extractMemories({
      models: provider,
      modelId: "m",
      memories: s.repo,
      clock: { now: () => new Date("2026-03-01T00:00:00Z") },
      memory,
      known: [node("The user lives in Hangzhou!")],
      prompt: "I am vegetarian, any dinner ideas in Hangzhou?",
      answer: "Try the West Lake vegetarian restaurant.",
    });
    expect(added.map((n) => n.content)).toEqual(["The user is vegetarian."]);
    expect(s.created).toEqual(added);
    expect(s.touches()).toBe(1);
    const request = provider.requests[0];
    expect(request?.temperature).toBe(0);
    expect(request?.messages[1]?.content).toContain("- The user lives in Hangzhou!");
    expect(request?.messages[1]?.content).toContain("User: I am vegetarian");
  });

  it("stores nothing for chatter, invalid JSON or an empty list, and at most a few facts per turn", async () => {
    expect(parseFacts("Nothing new.")).toEqual([]);
    expect(parseFacts("[not json")).toEqual([]);
    expect(parseFacts('{"facts": 1}')).toEqual([]);
    expect(parseFacts(JSON.stringify(["ok", 3, "", "x".repeat(400)]))).toEqual(["ok"]);
    const provider = new ScriptedModelProvider().script([{ type: "text", delta: JSON.stringify(Array.from({ length: 9 }, (_, i) => `Fact number ${i}.`)) }]);
    const s = store();
    const added = await extractMemories({
      models: provider,
      modelId: "m",
      memories: s.repo,
      clock: { now: () => new Date() },
      memory,
      known: [],
      prompt: "p",
      answer: "a",
    });
    expect(added.length).toBe(MAX_FACTS_PER_TURN);
  });
});

describe("memory recall", () => {
  it("keeps a small store whole and picks the best matches (CJK too) from a large one", () => {
    const small = [node("likes tea", 1), node("has a dog", 2)];
    expect(selectMemoryNodes(small, "anything")).toEqual(small);
    const large = Array.from({ length: RECALL_ALL_UP_TO + 10 }, (_, i) => node(`unrelated fact ${i}`, i));
    large[3] = node("用户的主食偏好是米饭", 3);
    large[7] = node("The user's dog is called Biscuit", 7);
    const picked = selectMemoryNodes(large, "哪些人的主食偏好是米饭？");
    expect(picked[0]?.content).toBe("用户的主食偏好是米饭");
    expect(selectMemoryNodes(large, "what is my dog called?").map((n) => n.content)).toContain("The user's dog is called Biscuit");
    expect(selectMemoryNodes(large, "fact").length).toBeLessThanOrEqual(RECALL_TOP);
  });
});
