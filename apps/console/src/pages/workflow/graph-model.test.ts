import { describe, expect, it } from "vitest";
import type { WorkflowNode } from "../../api/types";
import { addEdge, allNodeIds, connectionProblem, createNode, type Graph, insertAt, newNodeId, removeNodes, replaceNode, variablesFor } from "./graph-model";

const node = (id: string, type: string, config: Record<string, unknown> = {}): WorkflowNode => ({ id, type, name: id, config });

const graph: Graph = {
  nodes: [
    node("Start_aaaa", "Start", { variables: [{ name: "city", type: "String" }] }),
    node("LLM_bbbb", "LLM"),
    node("Condition_cccc", "Condition", { branches: [{ id: "yes", logic: "and", conditions: [] }] }),
    node("TextConversion_dddd", "TextConversion"),
    node("End_eeee", "End"),
  ],
  edges: [
    { source: "Start_aaaa", target: "LLM_bbbb" },
    { source: "LLM_bbbb", target: "Condition_cccc" },
    { source: "Condition_cccc", target: "TextConversion_dddd", sourceHandle: "yes" },
    { source: "Condition_cccc", target: "End_eeee", sourceHandle: "else" },
    { source: "TextConversion_dddd", target: "End_eeee" },
  ],
};

describe("node IDs", () => {
  it("are <Type>_<4 letters or digits> and avoid taken ones", () => {
    const values = [0, 0, 0, 0, 0.5, 0.5, 0.5, 0.5];
    const id = newNodeId("LLM", new Set(["LLM_AAAA"]), () => values.shift() ?? 0.1);
    expect(id).toMatch(/^LLM_[A-Za-z0-9]{4}$/);
    expect(id).not.toBe("LLM_AAAA");
  });

  it("creates named nodes with the type's default config", () => {
    const created = createNode("LLM", graph, allNodeIds(graph), { x: 10.4, y: 20.6 }, "qwen-plus");
    expect(created).toMatchObject({ type: "LLM", name: "LLM 2", position: { x: 10, y: 21 }, config: { model: "qwen-plus", userPrompt: "" } });
    expect(created.id).toMatch(/^LLM_[A-Za-z0-9]{4}$/);
  });

  it("counts Iteration body nodes as taken", () => {
    const g: Graph = { nodes: [node("Iteration_iiii", "Iteration", { body: { nodes: [node("Script_ssss", "Script")], edges: [] } })], edges: [] };
    expect([...allNodeIds(g)]).toEqual(["Iteration_iiii", "Script_ssss"]);
  });
});

describe("editing", () => {
  it("never deletes the top-level Start or End, and drops the edges of deleted nodes", () => {
    const next = removeNodes(graph, new Set(["Start_aaaa", "TextConversion_dddd", "End_eeee"]), true);
    expect(next.nodes.map((n) => n.id)).toEqual(["Start_aaaa", "LLM_bbbb", "Condition_cccc", "End_eeee"]);
    expect(next.edges).toHaveLength(3);
  });

  it("refuses self loops, edges into Start, out of End, duplicates and cycles", () => {
    expect(connectionProblem(graph, { source: "LLM_bbbb", target: "LLM_bbbb" })).toMatch(/itself/);
    expect(connectionProblem(graph, { source: "LLM_bbbb", target: "Start_aaaa" })).toMatch(/Start/);
    expect(connectionProblem(graph, { source: "End_eeee", target: "LLM_bbbb" })).toMatch(/End/);
    expect(connectionProblem(graph, { source: "Start_aaaa", target: "LLM_bbbb" })).toMatch(/already/);
    expect(connectionProblem(graph, { source: "TextConversion_dddd", target: "LLM_bbbb" })).toMatch(/loop/);
    expect(connectionProblem(graph, { source: "Start_aaaa", target: "End_eeee" })).toBeUndefined();
    expect(addEdge(graph, { source: "Start_aaaa", target: "End_eeee", sourceHandle: undefined }).edges.at(-1)).toEqual({
      source: "Start_aaaa",
      target: "End_eeee",
    });
  });

  it("keeps a renamed branch's edges and drops a removed branch's", () => {
    const condition = graph.nodes[2] as WorkflowNode;
    const renamed = replaceNode(graph, { ...condition, config: { branches: [{ id: "positive", logic: "and", conditions: [] }] } });
    expect(renamed.edges.find((e) => e.target === "TextConversion_dddd")?.sourceHandle).toBe("positive");
    const added = replaceNode(graph, { ...condition, config: { branches: [{ id: "yes" }, { id: "no" }] } });
    const removed = replaceNode(added, { ...condition, config: { branches: [{ id: "no" }] } });
    expect(removed.edges.filter((e) => e.source === "Condition_cccc").map((e) => e.sourceHandle)).toEqual(["else"]);
  });
});

describe("variables", () => {
  it("offers the outputs of the nodes that run before, Start's custom variables included", () => {
    const groups = variablesFor(graph, "TextConversion_dddd");
    expect(groups.map((g) => g.nodeId)).toEqual(["Start_aaaa", "LLM_bbbb", "Condition_cccc"]);
    expect(groups[0]?.outputs.map((o) => o.name)).toEqual(["query", "historyList", "imageList", "city"]);
    expect(groups[1]?.outputs).toContainEqual({ name: "result", type: "String" });
    expect(variablesFor(graph, "Start_aaaa")).toEqual([]);
  });

  it("inserts a reference at the cursor", () => {
    expect(insertAt("Hello !", "{{Start_aaaa.query}}", 6, 6)).toEqual({ value: "Hello {{Start_aaaa.query}}!", caret: 26 });
    expect(insertAt("abc", "{{X_1234.y}}").value).toBe("abc{{X_1234.y}}");
  });
});
