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

/** Waits, unless the run is aborted first. */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
