import type { WorkflowGraph, WorkflowNode } from "../../api/types";
import { branchHandles, hasErrorBranch, NODE_INFO, type NodeType, nodeLabel, nodeOutputs, type OutputVar, SINGLETON_TYPES } from "./node-catalog";

/** A graph or an Iteration body: nodes and edges (no `kind`). */
export type Graph = Pick<WorkflowGraph, "nodes" | "edges">;
export type GraphEdge = WorkflowGraph["edges"][number];

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Every node ID of a graph, including those inside Iteration bodies (IDs are unique across both). */
export function allNodeIds(graph: Graph): Set<string> {
  const ids = new Set<string>();
  const walk = (g: Graph) => {
    for (const n of g.nodes) {
      ids.add(n.id);
      const body = n.type === "Iteration" ? asGraph(n.config.body) : undefined;
      if (body) walk(body);
    }
  };
  walk(graph);
  return ids;
}

export function asGraph(value: unknown): Graph | undefined {
  if (!value || typeof value !== "object") return undefined;
  const g = value as Partial<Graph>;
  return { nodes: Array.isArray(g.nodes) ? g.nodes : [], edges: Array.isArray(g.edges) ? g.edges : [] };
}

/** `<Type>_<4 letters or digits>`, not yet taken. */
export function newNodeId(type: string, taken: ReadonlySet<string>, random: () => number = Math.random): string {
  for (;;) {
    let suffix = "";
    for (let i = 0; i < 4; i++) suffix += ALPHABET[Math.floor(random() * ALPHABET.length)];
    const id = `${type}_${suffix}`;
    if (!taken.has(id)) return id;
  }
}

/** A fresh node of `type`, named "<Label> <n>" with the next free number. */
export function createNode(type: NodeType, graph: Graph, taken: ReadonlySet<string>, position: { x: number; y: number }, model = ""): WorkflowNode {
  const label = nodeLabel(type);
  const names = new Set(graph.nodes.map((n) => n.name));
  let n = graph.nodes.filter((x) => x.type === type).length + 1;
  while (names.has(`${label} ${n}`)) n++;
  const name = SINGLETON_TYPES.has(type) ? label : `${label} ${n}`;
  return {
    id: newNodeId(type, taken),
    type,
    name,
    config: NODE_INFO[type].defaults(model),
    position: { x: Math.round(position.x), y: Math.round(position.y) },
  };
}

export const isProtected = (node: Pick<WorkflowNode, "type">, topLevel: boolean) => topLevel && SINGLETON_TYPES.has(node.type);

/** Removes nodes (never a top-level Start or End) and their edges. */
export function removeNodes(graph: Graph, ids: ReadonlySet<string>, topLevel: boolean): Graph {
  const doomed = new Set(graph.nodes.filter((n) => ids.has(n.id) && !isProtected(n, topLevel)).map((n) => n.id));
  if (doomed.size === 0) return graph;
  return {
    nodes: graph.nodes.filter((n) => !doomed.has(n.id)),
    edges: graph.edges.filter((e) => !doomed.has(e.source) && !doomed.has(e.target)),
  };
}

export const edgeKey = (e: GraphEdge) => `${e.source}:${e.sourceHandle ?? ""}->${e.target}`;

export function removeEdges(graph: Graph, keys: ReadonlySet<string>): Graph {
  return { ...graph, edges: graph.edges.filter((e) => !keys.has(edgeKey(e))) };
}

/** Descendants of `id` (for cycle checks). */
function reaches(graph: Graph, from: string, to: string): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const e of graph.edges) if (e.source === id) stack.push(e.target);
  }
  return false;
}

/** Why an edge cannot be drawn, or undefined when it can. */
export function connectionProblem(graph: Graph, edge: GraphEdge): string | undefined {
  const source = graph.nodes.find((n) => n.id === edge.source);
  const target = graph.nodes.find((n) => n.id === edge.target);
  if (!source || !target) return "Both ends must be nodes of this graph.";
  if (source.id === target.id) return "A node cannot connect to itself.";
  if (target.type === "Start") return "Nothing can lead into the Start node.";
  if (source.type === "End") return "The End node has no outputs.";
  if (graph.edges.some((e) => edgeKey(e) === edgeKey(edge))) return "These nodes are already connected that way.";
  if (reaches(graph, target.id, source.id)) return "That edge would make a loop; loops belong inside an Iteration.";
  return undefined;
}

export function addEdge(graph: Graph, edge: GraphEdge): Graph {
  const clean: GraphEdge = { source: edge.source, target: edge.target, ...(edge.sourceHandle ? { sourceHandle: edge.sourceHandle } : {}) };
  return { ...graph, edges: [...graph.edges, clean] };
}

const handleIds = (node: WorkflowNode) => [...(branchHandles(node)?.map((h) => h.id) ?? []), ...(hasErrorBranch(node) ? ["error"] : [])];

/**
 * Replaces a node. When its branch handles change, edges follow a renamed branch (same
 * position in the list) and edges of removed branches are dropped.
 */
export function replaceNode(graph: Graph, next: WorkflowNode): Graph {
  const prev = graph.nodes.find((n) => n.id === next.id);
  if (!prev) return graph;
  const nodes = graph.nodes.map((n) => (n.id === next.id ? next : n));
  const before = handleIds(prev);
  const after = handleIds(next);
  if (before.join("\n") === after.join("\n")) return { nodes, edges: graph.edges };
  const branchBefore = branchHandles(prev)?.map((h) => h.id) ?? [];
  const branchAfter = branchHandles(next)?.map((h) => h.id) ?? [];
  const renamed = new Map<string, string>();
  if (branchBefore.length === branchAfter.length) {
    branchBefore.forEach((id, i) => {
      if (id !== branchAfter[i]) renamed.set(id, branchAfter[i] as string);
    });
  }
  const valid = new Set(after);
  const edges = graph.edges
    .map((e) => (e.source === next.id && e.sourceHandle && renamed.has(e.sourceHandle) ? { ...e, sourceHandle: renamed.get(e.sourceHandle) } : e))
    .filter((e) => {
      if (e.source !== next.id) return true;
      // A plain edge suits only a node without branches; a branch edge needs its branch.
      return e.sourceHandle === undefined ? branchAfter.length === 0 : valid.has(e.sourceHandle);
    });
  return { nodes, edges };
}

/** Nodes that run before `id`: its ancestors along the edges. */
function ancestorIds(graph: Graph, id: string): Set<string> {
  const seen = new Set<string>();
  const stack = graph.edges.filter((e) => e.target === id).map((e) => e.source);
  while (stack.length > 0) {
    const n = stack.pop() as string;
    if (seen.has(n)) continue;
    seen.add(n);
    for (const e of graph.edges) if (e.target === n) stack.push(e.source);
  }
  seen.delete(id);
  return seen;
}

/** A node whose outputs a field may reference. */
export interface VariableGroup {
  nodeId: string;
  nodeName: string;
  nodeType: string;
  outputs: OutputVar[];
}

export const groupOf = (node: WorkflowNode): VariableGroup => ({ nodeId: node.id, nodeName: node.name, nodeType: node.type, outputs: nodeOutputs(node) });

/**
 * What a node may read: the outputs of the nodes that run before it, in graph order, plus
 * `outer` (for an Iteration body: what the Iteration sees, and its `item` and `index`).
 */
export function variablesFor(graph: Graph, id: string, outer: VariableGroup[] = []): VariableGroup[] {
  const before = ancestorIds(graph, id);
  return [...outer, ...graph.nodes.filter((n) => before.has(n.id)).map(groupOf)];
}

export const reference = (nodeId: string, field: string) => `{{${nodeId}.${field}}}`;

/** Inserts `text` into `value` at the selection (or appends it). */
export function insertAt(value: string, text: string, start?: number | null, end?: number | null): { value: string; caret: number } {
  const from = start ?? value.length;
  const to = end ?? from;
  return { value: value.slice(0, from) + text + value.slice(to), caret: from + text.length };
}

/** Graph equality for the "unsaved changes" badge. */
export const sameGraph = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
