import type { Graph } from "./graph-model";

const COLUMN = 250;
const ROW = 120;

/**
 * Positions by graph depth: columns by longest distance from a source node, rows by order
 * within the column, each column centred on the same line. Stored positions win unless `all`
 * (the editor's "Tidy up").
 */
export function layoutGraph(graph: Graph, options: { all?: boolean } = {}): Map<string, { x: number; y: number }> {
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
  const placed = graph.nodes.filter((n) => options.all || !n.position);
  const columns = new Map<number, string[]>();
  for (const n of placed) {
    const col = depth.get(n.id) ?? 0; // nodes in cycles land in column 0
    columns.set(col, [...(columns.get(col) ?? []), n.id]);
  }
  const out = new Map<string, { x: number; y: number }>();
  for (const n of graph.nodes) if (!options.all && n.position) out.set(n.id, n.position);
  for (const [col, ids] of columns) {
    ids.forEach((id, row) => {
      out.set(id, { x: col * COLUMN, y: Math.round((row - (ids.length - 1) / 2) * ROW) });
    });
  }
  return out;
}
