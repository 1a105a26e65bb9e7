import type { FieldProblem } from "../errors.js";
import type { WorkflowGraph } from "./app-types.js";

/** Node types the workflow engine knows. The engine itself arrives with the workflow issue. */
export const workflowNodeTypes = [
  "Start", "End", "LLM", "IntentClassification", "Condition", "Script", "HttpRequest",
  "TextConversion", "VariableAssignment", "ParameterExtraction", "Iteration", "AppComponent",
] as const;

const NODE_ID = /^([A-Za-z]+)_[A-Za-z0-9]{4}$/;

/**
 * Checks a workflow graph. Drafts may be incomplete (only structure is checked); `strict`
 * (publishing) also requires one Start, one End, no cycles, and End reachable from Start.
 */
export function workflowGraphProblems(graph: WorkflowGraph, strict: boolean): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field: `config.${field}`, message });
  const ids = new Set<string>();
  graph.nodes.forEach((node, i) => {
    const match = NODE_ID.exec(node.id);
    if (!match) add(`nodes[${i}].id`, `'${node.id}' must look like <Type>_<4 letters or digits>, e.g. LLM_a1B2`);
    if (!(workflowNodeTypes as readonly string[]).includes(node.type)) add(`nodes[${i}].type`, `unknown node type '${node.type}'; known: ${workflowNodeTypes.join(", ")}`);
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
  if (hasCycle(graph)) add("edges", "edges form a cycle; loops belong inside an Iteration node");
  if (starts.length === 1 && ends.length === 1 && !reachable(graph, starts[0]!.id).has(ends[0]!.id)) {
    add("edges", "the End node cannot be reached from the Start node");
  }
  return problems;
}

function successors(graph: WorkflowGraph): Map<string, string[]> {
  const next = new Map<string, string[]>();
  for (const edge of graph.edges) next.set(edge.source, [...(next.get(edge.source) ?? []), edge.target]);
  return next;
}

function reachable(graph: WorkflowGraph, from: string): Set<string> {
  const next = successors(graph);
  const seen = new Set<string>([from]);
  const stack = [from];
  while (stack.length > 0) {
    for (const target of next.get(stack.pop()!) ?? []) {
      if (!seen.has(target)) {
        seen.add(target);
        stack.push(target);
      }
    }
  }
  return seen;
}

function hasCycle(graph: WorkflowGraph): boolean {
  const next = successors(graph);
  const state = new Map<string, "open" | "done">();
  const visit = (id: string): boolean => {
    if (state.get(id) === "open") return true;
    if (state.get(id) === "done") return false;
    state.set(id, "open");
    const cyclic = (next.get(id) ?? []).some(visit);
    state.set(id, "done");
    return cyclic;
  };
  return graph.nodes.some((n) => visit(n.id));
}
