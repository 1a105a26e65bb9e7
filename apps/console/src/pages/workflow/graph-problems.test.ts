import { describe, expect, it } from "vitest";
import type { WorkflowNode } from "../../api/types";
import type { Graph } from "./graph-model";
import { fieldError, locateProblems, problemCounts, shortMessage } from "./graph-problems";

const node = (id: string, type: string, config: Record<string, unknown> = {}): WorkflowNode => ({ id, type, name: id, config });
const graph: Graph = {
  nodes: [
    node("Start_aaaa", "Start"),
    node("LLM_bbbb", "LLM"),
    node("Iteration_iiii", "Iteration", { body: { nodes: [node("TextConversion_tttt", "TextConversion")], edges: [] } }),
    node("End_eeee", "End"),
  ],
  edges: [{ source: "Start_aaaa", target: "LLM_bbbb", sourceHandle: "nope" }],
};

describe("locateProblems", () => {
  it("places node, body, edge and graph problems", () => {
    const problems = locateProblems(graph, [
      { field: "config.nodes[1].config.userPrompt", message: "Node LLM_bbbb ('LLM_bbbb'), userPrompt: is required" },
      { field: "config.nodes[2].config.body.nodes[0].config.template", message: "Node TextConversion_tttt ('TextConversion_tttt'), template: is required" },
      { field: "config.edges[0].sourceHandle", message: "Node Start_aaaa ('Start_aaaa'): Start nodes have no branch 'nope'" },
      { field: "config.edges", message: "the End node cannot be reached from the Start node" },
      { field: "config.nodes[1].id", message: "bad id" },
    ]);
    expect(problems[0]).toMatchObject({ nodeId: "LLM_bbbb", field: "userPrompt" });
    expect(problems[1]).toMatchObject({ nodeId: "Iteration_iiii", bodyNodeId: "TextConversion_tttt", field: "template" });
    expect(problems[2]).toMatchObject({ nodeId: "Start_aaaa", field: "edge", edge: { source: "Start_aaaa", target: "LLM_bbbb", sourceHandle: "nope" } });
    expect(problems[3]?.nodeId).toBeUndefined();
    expect(problems[4]).toMatchObject({ nodeId: "LLM_bbbb", field: "id" });
    expect(problemCounts(problems)).toEqual(
      new Map([
        ["LLM_bbbb", 2],
        ["Iteration_iiii", 1],
        ["Start_aaaa", 1],
      ]),
    );
    expect(problemCounts(problems, "body")).toEqual(new Map([["TextConversion_tttt", 1]]));
  });

  it("finds a field's message, nested fields included unless exact", () => {
    const problems = locateProblems(graph, [{ field: "config.nodes[1].config.branches[0].id", message: "Node LLM_bbbb ('x'), branches[0].id: duplicate" }]);
    expect(fieldError(problems, "branches")).toBe("duplicate");
    expect(fieldError(problems, "branches", true)).toBeUndefined();
    expect(fieldError(problems, "branches[0].id")).toBe("duplicate");
  });

  it("shortens server messages", () => {
    expect(shortMessage("Node LLM_NPem ('大模型1'), userPrompt: {{Start_iEca.nope}}: no output")).toBe("{{Start_iEca.nope}}: no output");
    expect(shortMessage("Node Start_aaaa ('S'): an 'error' edge needs onError")).toBe("an 'error' edge needs onError");
  });
});
