import type { GraphRun } from "./execute-graph.js";
import type { EndConfig } from "./nodes/end-node.js";
import { refsIn, toText, type VarRef } from "./variables.js";
import type { CompiledNode, NodeDefinition } from "./workflow-types.js";

type Segment = { text: string } | { ref: VarRef };

/** Literal text and references of a template, in order. */
function splitTemplate(template: string): Segment[] {
  const segments: Segment[] = [];
  let at = 0;
  for (const ref of refsIn(template)) {
    const index = template.indexOf(ref.raw, at);
    if (index > at) segments.push({ text: template.slice(at, index) });
    segments.push({ ref });
    at = index + ref.raw.length;
  }
  if (at < template.length) segments.push({ text: template.slice(at) });
  return segments;
}

/**
 * A streaming End node (text mode, `stream: true`) answers while the run is still going: its
 * template is written out in order, literal text at once, each LLM / App component reference
 * as that node streams it, every other reference as soon as its node is done. The executor
 * then only waits for this when the End node's inputs are all settled.
 */
export function attachEndStreamer(run: GraphRun, end: CompiledNode, nodes: Map<string, CompiledNode>, startId: string | undefined): void {
  const config = end.config as EndConfig;
  if (config.mode !== "text" || !config.stream) return;
  const segments = splitTemplate(config.template);
  const live = (ref: VarRef) => {
    const target = nodes.get(ref.nodeId);
    return ref.path.length === 1 && ((target?.def as NodeDefinition<unknown> | undefined)?.streamed ?? []).includes(ref.path[0]!);
  };
  for (const s of segments) if ("ref" in s && live(s.ref)) run.streamed.set(s.ref.nodeId, new Map());

  let text = "";
  const out = (piece: string) => {
    if (piece === "") return;
    text += piece;
    run.publishEnd(piece);
  };
  const stream = async () => {
    // The answer begins once the run has: nothing is said before Start has taken the input.
    if (startId) while (!run.isSettled(startId) && !run.failed) await run.nextChange(startId);
    for (const segment of segments) {
      if (run.failed) return;
      if ("text" in segment) {
        out(segment.text);
        continue;
      }
      const { ref } = segment;
      if (!live(ref)) {
        while (!run.isSettled(ref.nodeId) && !run.failed) await run.nextChange(ref.nodeId);
        if (!run.failed) out(toText(run.scope.lookup(ref)));
        continue;
      }
      let sent = 0;
      for (;;) {
        const published = run.streamed.get(ref.nodeId)?.get(ref.path[0]!) ?? "";
        if (published.length > sent) {
          out(published.slice(sent));
          sent = published.length;
        }
        if (run.failed) return;
        if (run.isSettled(ref.nodeId)) {
          // A node that failed over to default outputs streamed nothing: its value goes out whole.
          const final = toText(run.scope.lookup(ref));
          if (final.length > sent && final.startsWith(published)) out(final.slice(sent));
          break;
        }
        await run.nextChange(ref.nodeId);
      }
    }
  };
  const done = stream();
  // The run can fail before the End node runs, and then nobody awaits `done`: its rejection
  // must not go unhandled (that ends the process). When the End node does run, it awaits
  // `done` below and fails with the error as usual.
  done.catch(() => {});
  run.endRunner = async () => {
    await done;
    return { outputs: { result: text } };
  };
}
