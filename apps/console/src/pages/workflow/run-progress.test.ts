import { describe, expect, it } from "vitest";
import type { RunEnvelope, WorkflowMessage } from "../../api/test-run";
import { toBizParams } from "./run-inputs";
import { applyEnvelope, displayContent, emptyProgress } from "./run-progress";

const packet = (node_id: string, node_type: string, node_status: WorkflowMessage["node_status"], content: string): RunEnvelope => ({
  output: {
    workflow_message: {
      node_id,
      node_name: node_id,
      node_type,
      node_status,
      node_is_completed: node_status !== "executing",
      node_msg_seq_id: 1,
      message: { role: "assistant", content },
    },
    finish_reason: "null",
  },
  request_id: "req-1",
});

describe("applyEnvelope", () => {
  it("folds message_format_plus packets per node and ends with the answer", () => {
    const envelopes: RunEnvelope[] = [
      packet("Start_a", "Start", "success", '{"query":"hi"}'),
      packet("LLM_b", "LLM", "executing", '{"result":"Echo","reasoningContent":""}'),
      packet("LLM_b", "LLM", "executing", '{"result":": hi","reasoningContent":""}'),
      packet("LLM_b", "LLM", "success", ""),
      packet("End_c", "End", "failed", "boom"),
      { output: { text: "Echo: hi", finish_reason: "stop" }, usage: { models: [{ model_id: "m", input_tokens: 1, output_tokens: 2 }] }, request_id: "req-1" },
    ];
    const state = envelopes.reduce(applyEnvelope, emptyProgress());
    expect(state.nodes.map((n) => [n.nodeId, n.status, n.packets])).toEqual([
      ["Start_a", "success", 1],
      ["LLM_b", "success", 3],
      ["End_c", "failed", 1],
    ]);
    expect(displayContent(state.nodes[1] as never)).toBe("Echo: hi");
    expect(state.nodes[2]?.content).toBe("boom");
    expect(state).toMatchObject({ answer: "Echo: hi", done: true, requestId: "req-1", usage: "m: 1 in / 2 out" });
  });
});

describe("toBizParams", () => {
  it("types values and reports unreadable ones", () => {
    const vars = [
      { name: "s", type: "String", required: true, description: "" },
      { name: "n", type: "Number", required: true, description: "" },
      { name: "b", type: "Boolean", required: false, description: "" },
      { name: "a", type: "Array<String>", required: false, description: "" },
      { name: "o", type: "Object", required: false, description: "" },
      { name: "empty", type: "String", required: false, description: "" },
    ];
    expect(toBizParams(vars, { s: "x", n: "3", b: "true", a: '["p"]', o: "{bad" })).toEqual({
      params: { s: "x", n: 3, b: true, a: ["p"] },
      errors: { o: "must be JSON (Object)" },
    });
  });
});
