import type { WorkflowNodeRun, WorkflowRun, WorkflowRunRepository } from "./workflow-run-types.js";

/**
 * Persists a run as it happens without making the engine wait: writes are queued in order
 * (a node run's "running" row always lands before its final row) and awaited once, at the end.
 * Records are copied when queued, so later changes to the live objects cannot leak in.
 */
export class RunRecorder {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly repository: WorkflowRunRepository | undefined,
    private readonly onError: ((error: unknown) => void) | undefined,
  ) {}

  get enabled(): boolean {
    return this.repository !== undefined;
  }

  saveRun(run: WorkflowRun): void {
    const repo = this.repository;
    if (!repo) return;
    const copy = { ...run };
    this.enqueue(() => repo.saveRun(copy));
  }

  saveNodeRun(nodeRun: WorkflowNodeRun): void {
    const repo = this.repository;
    if (!repo) return;
    const copy = { ...nodeRun };
    this.enqueue(() => repo.saveNodeRun(copy));
  }

  /** Resolves once everything queued so far is written (or has failed and been reported). */
  flush(): Promise<void> {
    return this.chain;
  }

  private enqueue(write: () => Promise<void>): void {
    this.chain = this.chain.then(write).catch((error) => {
      // A lost record must not fail the run the caller is waiting for; it is reported instead.
      this.onError?.(error);
    });
  }
}
