import type { FieldProblem } from "../errors.js";
import { analyzeGraph } from "../workflows/analyze-graph.js";
import type { WorkflowGraph } from "./app-types.js";
import { hasCycle, reachable } from "./graph-algorithms.js";

/** Node types the workflow engine runs (see `workflows/nodes/`). */
export const workflowNodeTypes = [
  "Start",
  "End",
  "LLM",
  "IntentClassification",
  "Condition",
  "Script",
  "HttpRequest",
  "TextConversion",
  "VariableAssignment",
  "ParameterExtraction",
  "Iteration",
  "AppComponent",
  "KnowledgeRetrieval",
  "MCP",
] as const;

const NODE_ID = /^([A-Za-z]+)_[A-Za-z0-9]{4}$/;

/**
 * Checks a workflow graph. Drafts may be incomplete (only structure is checked); `strict`
 * (publishing, running) also requires one Start, one End, no cycles, End reachable from Start,
 * and valid node configs whose variable references resolve to earlier nodes' outputs of a
 * compatible type (see {@link analyzeGraph}).
 */
export function workflowGraphProblems(graph: WorkflowGraph, strict: boolean): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field: `config.${field}`, message });
  const ids = new Set<string>();
  graph.nodes.forEach((node, i) => {
    const match = NODE_ID.exec(node.id);
    if (!match) add(`nodes[${i}].id`, `'${node.id}' must look like <Type>_<4 letters or digits>, e.g. LLM_a1B2`);
    if (!(workflowNodeTypes as readonly string[]).includes(node.type))
      add(`nodes[${i}].type`, `unknown node type '${node.type}'; known: ${workflowNodeTypes.join(", ")}`);
    if (ids.has(node.id)) add(`nodes[${i}].id`, `duplicate node id '${node.id}'`);
    ids.add(node.id);
  });
  graph.edges.forEach((edge, i) => {
    if (!ids.has(edge.source)) add(`edges[${i}].source`, `no node '${edge.source}'`);
    if (!ids.has(edge.target)) add(`edges[${i}].target`, `no node '${edge.target}'`);
    if (edge.source === edge.target) add(`edges[${i}]`, "a node cannot connect to itself");
  });
  if (!strict || problems.length > 0) return problems;

  const starts = graph.nodes.filter((n) => n.type === "Start");
  const ends = graph.nodes.filter((n) => n.type === "End");
  if (starts.length !== 1) add("nodes", `a workflow needs exactly one Start node (found ${starts.length})`);
  if (ends.length !== 1) add("nodes", `a workflow needs exactly one End node (found ${ends.length})`);
  if (graph.kind !== undefined && graph.kind !== "task" && graph.kind !== "dialog") add("kind", "must be task or dialog");
  if (
    hasCycle(
      graph.nodes.map((n) => n.id),
      graph.edges,
    )
  )
    add("edges", "edges form a cycle; loops belong inside an Iteration node");
  if (starts.length === 1 && ends.length === 1 && !reachable(graph.edges, starts[0]!.id).has(ends[0]!.id)) {
    add("edges", "the End node cannot be reached from the Start node");
  }
  if (problems.length > 0) return problems;
  return analyzeGraph(graph).problems;
}
