import { describe, expect, it } from "vitest";
import type { WorkflowGraph, WorkflowNode } from "./app-types.js";
import { workflowGraphProblems } from "./validate-workflow-graph.js";

/** Configs that pass the strict checks, so these tests are about structure. */
const VALID: Record<string, Record<string, unknown>> = {
  LLM: { model: "m", userPrompt: "hi" },
  Condition: { branches: [{ id: "if", conditions: [{ left: "a", operator: "equals", right: "a" }] }] },
};
const node = (id: string, type = id.split("_")[0]!): WorkflowNode => ({ id, type, name: id, config: VALID[type] ?? {} });
const graph = (nodes: WorkflowNode[], edges: ([string, string] | [string, string, string])[]): WorkflowGraph => ({
  nodes,
  edges: edges.map(([source, target, sourceHandle]) => (sourceHandle ? { source, target, sourceHandle } : { source, target })),
});
const fields = (g: WorkflowGraph, strict: boolean) => workflowGraphProblems(g, strict).map((p) => p.field);

const linear = graph(
  [node("Start_aaaa"), node("LLM_bbbb"), node("End_cccc")],
  [
    ["Start_aaaa", "LLM_bbbb"],
    ["LLM_bbbb", "End_cccc"],
  ],
);

describe("workflowGraphProblems", () => {
  it("accepts a complete Start -> ... -> End graph, draft or strict", () => {
    expect(workflowGraphProblems(linear, false)).toEqual([]);
    expect(workflowGraphProblems(linear, true)).toEqual([]);
  });

  it("accepts branches that meet again (a diamond is not a cycle)", () => {
    const g = graph(
      [node("Start_aaaa"), node("Condition_bbbb"), node("LLM_cccc"), node("LLM_dddd"), node("End_eeee")],
      [
        ["Start_aaaa", "Condition_bbbb"],
        ["Condition_bbbb", "LLM_cccc", "if"],
        ["Condition_bbbb", "LLM_dddd", "else"],
        ["LLM_cccc", "End_eeee"],
        ["LLM_dddd", "End_eeee"],
      ],
    );
    expect(workflowGraphProblems(g, true)).toEqual([]);
  });

  it("lets an incomplete draft be saved but not published", () => {
    const draft = graph([node("LLM_bbbb")], []);
    expect(workflowGraphProblems(draft, false)).toEqual([]);
    expect(workflowGraphProblems({ nodes: [], edges: [] }, false)).toEqual([]);
    expect(fields(draft, true)).toEqual(["config.nodes", "config.nodes"]);
  });

  it("checks node ids and types even in drafts, and reports every problem at once", () => {
    const g = graph([node("llm", "LLM"), node("Robot_abcd"), node("LLM_abcd"), node("LLM_abcd")], []);
    const problems = workflowGraphProblems(g, false);
    expect(problems.map((p) => p.field)).toEqual(["config.nodes[0].id", "config.nodes[1].type", "config.nodes[3].id"]);
    expect(problems[1]!.message).toContain("unknown node type 'Robot'");
    expect(problems[2]!.message).toContain("duplicate node id 'LLM_abcd'");
    expect(fields(graph([node("LLM_abcde")], []), false)).toEqual(["config.nodes[0].id"]);
    expect(fields(graph([node("LLM_ab-d")], []), false)).toEqual(["config.nodes[0].id"]);
  });

  it("refuses edges to missing nodes and self-loops", () => {
    const g = graph(
      [node("Start_aaaa"), node("End_cccc")],
      [
        ["Start_aaaa", "Nope_zzzz"],
        ["Ghost_yyyy", "End_cccc"],
        ["End_cccc", "End_cccc"],
      ],
    );
    expect(fields(g, false)).toEqual(["config.edges[0].target", "config.edges[1].source", "config.edges[2]"]);
  });

  it("requires exactly one Start and one End to publish", () => {
    const twoStarts = graph(
      [node("Start_aaaa"), node("Start_bbbb"), node("End_cccc")],
      [
        ["Start_aaaa", "End_cccc"],
        ["Start_bbbb", "End_cccc"],
      ],
    );
    expect(workflowGraphProblems(twoStarts, true).map((p) => p.message)).toEqual(["a workflow needs exactly one Start node (found 2)"]);
    const noEnd = graph([node("Start_aaaa"), node("LLM_bbbb")], [["Start_aaaa", "LLM_bbbb"]]);
    expect(workflowGraphProblems(noEnd, true).map((p) => p.message)).toEqual(["a workflow needs exactly one End node (found 0)"]);
  });

  it("refuses cycles and an End that Start cannot reach, when publishing", () => {
    const cycle = graph(
      [node("Start_aaaa"), node("LLM_bbbb"), node("LLM_cccc"), node("End_dddd")],
      [
        ["Start_aaaa", "LLM_bbbb"],
        ["LLM_bbbb", "LLM_cccc"],
        ["LLM_cccc", "LLM_bbbb"],
        ["LLM_cccc", "End_dddd"],
      ],
    );
    expect(workflowGraphProblems(cycle, false)).toEqual([]);
    expect(workflowGraphProblems(cycle, true).map((p) => p.message)).toEqual(["edges form a cycle; loops belong inside an Iteration node"]);
    const island = graph([node("Start_aaaa"), node("LLM_bbbb"), node("End_cccc")], [["LLM_bbbb", "End_cccc"]]);
    expect(workflowGraphProblems(island, true).map((p) => p.message)).toEqual(["the End node cannot be reached from the Start node"]);
  });

  it("handles a long chain without blowing the stack", () => {
    const nodes = [node("Start_aaaa"), ...Array.from({ length: 498 }, (_, i) => node(`LLM_${i.toString(36).padStart(4, "0")}`)), node("End_zzzz")];
    const edges = nodes.slice(1).map((n, i) => [nodes[i]!.id, n.id] as [string, string]);
    expect(workflowGraphProblems(graph(nodes, edges), true)).toEqual([]);
  });
});
