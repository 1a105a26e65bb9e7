import type { WorkflowRunRepository } from "../ports/repositories.js";
import type { WorkflowNodeRun, WorkflowRun } from "./workflow-run-types.js";

type Pending = { kind: "run"; record: WorkflowRun } | { kind: "node"; record: WorkflowNodeRun };

/**
 * Persists a run as it happens without making the engine wait: records are written one after
 * another in the order they first appeared, by one drain loop (the first time at the end of
 * the turn in which the run's first record was queued). A newer state of a record that is
 * still waiting replaces the older one in place (a node that started and finished before its
 * "running" row was written is stored once, finished), so a slow database costs fewer writes
 * instead of a growing queue. Records are copied when queued.
 */
export class RunRecorder {
  private readonly pending = new Map<string, Pending>();
  private draining: Promise<void> | undefined;
  private started = false;

  constructor(
    private readonly repository: WorkflowRunRepository | undefined,
    private readonly onError: ((error: unknown) => void) | undefined,
  ) {}

  get enabled(): boolean {
    return this.repository !== undefined;
  }

  saveRun(run: WorkflowRun): void {
    if (this.repository) this.enqueue(`run:${run.id}`, { kind: "run", record: { ...run } });
  }

  saveNodeRun(nodeRun: WorkflowNodeRun): void {
    if (this.repository) this.enqueue(`node:${nodeRun.id}`, { kind: "node", record: { ...nodeRun } });
  }

  /** Resolves once everything queued so far is written (or has failed and been reported). */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private enqueue(key: string, item: Pending): void {
    this.pending.set(key, item);
    this.draining ??= this.drain();
  }

  /**
   * Hands everything queued to the repository at once, in order, and waits for it before the
   * next batch: the SQL store writes what it gets in one turn as one transaction.
   */
  private async drain(): Promise<void> {
    const repo = this.repository!;
    try {
      // The run's first batch waits for the end of the engine's current turn, so what a run does
      // without waiting on I/O (all of a run of text and logic nodes) is written in one
      // transaction, not one for the run's start and one for the rest.
      if (!this.started) {
        this.started = true;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      while (this.pending.size > 0) {
        const batch = [...this.pending.values()];
        this.pending.clear();
        await Promise.all(
          batch.map((item) =>
            (item.kind === "run" ? repo.saveRun(item.record) : repo.saveNodeRun(item.record)).catch((error: unknown) => {
              // A lost record must not fail the run the caller is waiting for; it is reported instead.
              this.onError?.(error);
            }),
          ),
        );
      }
    } finally {
      this.draining = undefined;
    }
  }
}
