import type { WorkflowEdge } from "./app-types.js";

/** Targets of each node's outgoing edges. */
function successors(edges: WorkflowEdge[]): Map<string, string[]> {
  const next = new Map<string, string[]>();
  for (const edge of edges) {
    const list = next.get(edge.source);
    if (list) list.push(edge.target);
    else next.set(edge.source, [edge.target]);
  }
  return next;
}

export function reachable(edges: WorkflowEdge[], from: string): Set<string> {
  const next = successors(edges);
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

/** Iterative DFS, so a long chain of nodes cannot overflow the stack. */
export function hasCycle(nodeIds: string[], edges: WorkflowEdge[]): boolean {
  const next = successors(edges);
  const state = new Map<string, "open" | "done">();
  for (const root of nodeIds) {
    if (state.has(root)) continue;
    const stack: { id: string; i: number }[] = [{ id: root, i: 0 }];
    state.set(root, "open");
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const targets = next.get(top.id) ?? [];
      if (top.i >= targets.length) {
        state.set(top.id, "done");
        stack.pop();
        continue;
      }
      const target = targets[top.i++]!;
      const s = state.get(target);
      if (s === "open") return true;
      if (s === undefined) {
        state.set(target, "open");
        stack.push({ id: target, i: 0 });
      }
    }
  }
  return false;
}

/** Every node's ancestors (nodes with a path to it), for an acyclic graph. */
export function ancestors(nodeIds: string[], edges: WorkflowEdge[]): Map<string, Set<string>> {
  const preds = new Map<string, string[]>(nodeIds.map((id) => [id, []]));
  for (const e of edges) preds.get(e.target)?.push(e.source);
  const result = new Map<string, Set<string>>();
  const visit = (root: string) => {
    // Post-order without recursion: a node's set is built once all its predecessors have theirs.
    const stack: { id: string; expanded: boolean }[] = [{ id: root, expanded: false }];
    while (stack.length > 0) {
      const top = stack.pop()!;
      if (result.has(top.id)) continue;
      const ps = preds.get(top.id) ?? [];
      if (!top.expanded) {
        stack.push({ id: top.id, expanded: true });
        for (const p of ps) if (!result.has(p)) stack.push({ id: p, expanded: false });
        continue;
      }
      const set = new Set<string>();
      for (const p of ps) {
        set.add(p);
        for (const a of result.get(p) ?? []) set.add(a);
      }
      result.set(top.id, set);
    }
  };
  for (const id of nodeIds) visit(id);
  return result;
}
