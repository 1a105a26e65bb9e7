import type { WorkflowGraph } from "../../api/types";

/**
 * Positions for nodes stored without one: columns by longest distance from a source node,
 * rows by order within the column. Stored positions always win.
 */
export function layoutGraph(graph: WorkflowGraph): Map<string, { x: number; y: number }> {
  const incoming = new Map<string, number>();
  const next = new Map<string, string[]>();
  for (const n of graph.nodes) incoming.set(n.id, 0);
  for (const e of graph.edges) {
    incoming.set(e.target, (incoming.get(e.target) ?? 0) + 1);
    next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  }
  const depth = new Map<string, number>();
  const queue = graph.nodes.filter((n) => (incoming.get(n.id) ?? 0) === 0).map((n) => n.id);
  for (const id of queue) depth.set(id, 0);
  const remaining = new Map(incoming);
  while (queue.length > 0) {
    const id = queue.shift() as string;
    for (const target of next.get(id) ?? []) {
      depth.set(target, Math.max(depth.get(target) ?? 0, (depth.get(id) ?? 0) + 1));
      remaining.set(target, (remaining.get(target) ?? 1) - 1);
      if (remaining.get(target) === 0) queue.push(target);
    }
  }
  const rows = new Map<number, number>();
  const out = new Map<string, { x: number; y: number }>();
  for (const n of graph.nodes) {
    if (n.position) {
      out.set(n.id, n.position);
      continue;
    }
    const col = depth.get(n.id) ?? 0; // nodes in cycles land in column 0
    const row = rows.get(col) ?? 0;
    rows.set(col, row + 1);
    out.set(n.id, { x: col * 280, y: row * 120 });
  }
  return out;
}
