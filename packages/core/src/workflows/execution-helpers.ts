import type { ModelUsage } from "../runtime/agent-events.js";
import { type CompiledNode, NodeFailure, type NodeInfo } from "./workflow-types.js";

/** A node failed and its policy is `fail`: the whole run (or Iteration item) fails with it. */
export class RunFailure extends Error {
  constructor(
    readonly node: CompiledNode,
    readonly failure: NodeFailure,
  ) {
    super(`Node ${node.node.id} ('${node.node.name}') failed: ${failure.message}`);
    this.name = "RunFailure";
  }
}

export function nodeInfo(c: CompiledNode): NodeInfo {
  return { id: c.node.id, type: c.node.type, name: c.node.name, returnResult: c.returnResult, streamOutput: c.streamOutput };
}

export function addUsage(total: ModelUsage[], more: ModelUsage[] | undefined): void {
  for (const u of more ?? []) {
    const same = total.find((t) => t.modelId === u.modelId);
    if (same) {
      same.inputTokens += u.inputTokens;
      same.outputTokens += u.outputTokens;
    } else total.push({ ...u });
  }
}

export function toNodeFailure(error: unknown): NodeFailure {
  if (error instanceof NodeFailure) return error;
  if (error instanceof RunFailure) return error.failure;
  const message = error instanceof Error ? error.message : String(error);
  return new NodeFailure("NodeError", message, error);
}

export function sumUsage(usage: ModelUsage[] | undefined): { inputTokens: number; outputTokens: number } {
  let inputTokens = 0;
  let outputTokens = 0;
  for (const u of usage ?? []) {
    inputTokens += u.inputTokens;
    outputTokens += u.outputTokens;
  }
  return { inputTokens, outputTokens };
}

/** How a node's run ended, as the scheduler needs it. */
export interface Outcome {
  outputs: Record<string, unknown>;
  handle: string | undefined;
  /** Follow only `error` edges. */
  errorBranch: boolean;
}

export const errorOutputs = (failure: NodeFailure) => ({ errorCode: failure.code, errorMessage: failure.message });

/**
 * A node failed for good (retries spent): its error policy decides. `fail` fails the run;
 * `branch` follows the error edges; `default` continues with the declared outputs (null unless
 * given a default) and, for branching nodes, the `else` branch.
 */
export function failureOutcome(c: CompiledNode, failure: NodeFailure): Outcome {
  if (c.errors.policy === "fail") throw new RunFailure(c, failure);
  if (c.errors.policy === "branch") return { outputs: errorOutputs(failure), handle: undefined, errorBranch: true };
  const declared = Object.keys(c.def.outputs(c.config));
  const outputs = { ...Object.fromEntries(declared.map((k) => [k, null])), ...c.errors.defaultOutputs, ...errorOutputs(failure) };
  const handles = c.def.handles?.(c.config);
  return { outputs, handle: handles?.includes("else") ? "else" : undefined, errorBranch: false };
}
