import type { WorkflowGraph } from "../../apps/app-types.js";
import { type NodeDefinition, NodeFailure } from "../workflow-types.js";
import { ConfigReader } from "./config-reader.js";

export interface IterationConfig {
  /** Reference to the array iterated over. */
  items: string;
  /** Items processed at the same time. */
  concurrency: number;
  /** The sub-graph run once per item; its nodes see `{{<this node>.item}}` and `{{<this node>.index}}`. */
  body: WorkflowGraph;
  /** What each item contributes to `results`, read from the body after it ran. */
  output: string;
}

const MAX_ITERATION_ITEMS = 1000;
const MAX_ITERATION_CONCURRENCY = 10;

/** Runs its body once per array item, up to `concurrency` at a time; `results` keeps item order. */
export const iterationNode: NodeDefinition<IterationConfig> = {
  type: "Iteration",
  parse(raw, report) {
    const r = new ConfigReader(raw, report);
    const body = r.child(raw.body ?? { nodes: [], edges: [] }, "body");
    const nodes = body.array("nodes", { required: true, max: 200 });
    const edges = body.array("edges", { max: 1000 });
    if (nodes.length === 0) report("body.nodes", "an Iteration needs at least one node in its body");
    return {
      items: r.string("items", { required: true }),
      concurrency: r.number("concurrency", { fallback: 1, min: 1, max: MAX_ITERATION_CONCURRENCY, integer: true }) ?? 1,
      body: { nodes, edges } as WorkflowGraph,
      output: r.string("output", { required: true }),
    };
  },
  outputs: () => ({ results: "Array<Any>" }),
  sources: (config) => [{ field: "items", value: config.items, expect: "Array<Any>" }],
  body: (config) => config.body,
  async run(ctx) {
    const items = ctx.inputs.items;
    if (!Array.isArray(items)) throw new NodeFailure("InvalidInput", `items must be an array, got ${items === undefined ? "nothing" : typeof items}`);
    if (items.length > MAX_ITERATION_ITEMS) throw new NodeFailure("InvalidInput", `at most ${MAX_ITERATION_ITEMS} items can be iterated, got ${items.length}`);
    const body = ctx.body;
    if (!body) throw new NodeFailure("InvalidInput", "the Iteration has no body");
    const results: unknown[] = new Array(items.length);
    let next = 0;
    const worker = async () => {
      while (next < items.length && !ctx.signal.aborted) {
        const index = next++;
        const scope = await ctx.runBody(body, { item: items[index], index }, index);
        results[index] = scope.resolve(ctx.config.output) ?? null;
      }
    };
    await Promise.all(Array.from({ length: Math.min(ctx.config.concurrency, items.length) }, worker));
    return { outputs: { results } };
  },
};
