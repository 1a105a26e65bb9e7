import type { FieldProblem } from "../../api/client";
import { asGraph, type Graph } from "./graph-model";

/**
 * A validation problem from the server, placed in the graph: the node it names (for a problem
 * inside an Iteration body, the Iteration as `nodeId` and the body node as `bodyNodeId`) and the
 * field path within that node's config (`userPrompt`, `branches[0].conditions[0].left`).
 */
export interface GraphProblem {
  /** The server's full field path, e.g. `config.nodes[2].config.userPrompt`. */
  path: string;
  message: string;
  nodeId?: string;
  bodyNodeId?: string;
  /** Field within the node: a config field, or `id` / `type` / `edge`. */
  field?: string;
  /** Edge key (see `edgeKey`) for edge problems. */
  edge?: { source: string; target: string; sourceHandle?: string };
}

const NODE = /^nodes\[(\d+)\](?:\.(.*))?$/;
const EDGE = /^edges\[(\d+)\](?:\.(.*))?$/;

/** Places one problem path (relative to a graph level) in that level. */
function place(graph: Graph, rest: string): Omit<GraphProblem, "path" | "message"> {
  const node = NODE.exec(rest);
  if (node) {
    const target = graph.nodes[Number(node[1])];
    if (!target) return {};
    const within = node[2] ?? "";
    if (within.startsWith("config.body.")) {
      const body = asGraph(target.config.body);
      const inner = body ? place(body, within.slice("config.body.".length)) : {};
      return { nodeId: target.id, ...(inner.nodeId ? { bodyNodeId: inner.nodeId } : {}), field: inner.field ?? "body" };
    }
    return { nodeId: target.id, field: within.startsWith("config.") ? within.slice(7) : within || undefined };
  }
  const edge = EDGE.exec(rest);
  if (edge) {
    const e = graph.edges[Number(edge[1])];
    if (!e) return {};
    return { nodeId: e.source, field: "edge", edge: e };
  }
  return {};
}

/** Maps the server's `details.fields` onto the graph that was sent. */
export function locateProblems(graph: Graph, fields: FieldProblem[]): GraphProblem[] {
  return fields.map((f) => {
    const rest = f.field.replace(/^config\./, "");
    const placed = place(graph, rest);
    return { path: f.field, message: f.message, ...Object.fromEntries(Object.entries(placed).filter(([, v]) => v !== undefined)) };
  });
}

/** Problems per node ID (body problems count for their Iteration). */
export function problemCounts(problems: GraphProblem[], level: "top" | "body" = "top"): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of problems) {
    const id = level === "top" ? p.nodeId : p.bodyNodeId;
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/**
 * The message for a config field of a node: problems at `field` itself or below it
 * (`branches` collects `branches[0].id` too, unless `exact`), joined.
 */
export function fieldError(problems: GraphProblem[], field: string, exact = false): string | undefined {
  const hits = problems.filter((p) => p.field === field || (!exact && (p.field?.startsWith(`${field}.`) || p.field?.startsWith(`${field}[`))));
  if (hits.length === 0) return undefined;
  return hits.map((p) => shortMessage(p.message)).join("; ");
}

/** Drops the "Node X ('name'), field: " prefix the server puts before each message. */
export function shortMessage(message: string): string {
  return message.replace(/^Node [A-Za-z]+_[A-Za-z0-9]{4} \('[^']*'\)(?: body)?(?:, [^:]+)?: /, "");
}

/** Problems of one node, with body problems re-rooted for the body editor. */
export function problemsOfNode(problems: GraphProblem[], nodeId: string, bodyNodeId?: string): GraphProblem[] {
  return problems.filter((p) => p.nodeId === nodeId && (bodyNodeId === undefined ? !p.bodyNodeId : p.bodyNodeId === bodyNodeId));
}
