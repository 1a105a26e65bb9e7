/**
 * Work a request starts that outlives its response (memory extraction after an app turn).
 * Shutdown waits for it, so nothing writes to a closed database; tests wait for it instead of
 * sleeping.
 */
export class BackgroundTasks {
  private readonly running = new Set<Promise<unknown>>();

  track(task: Promise<unknown>): void {
    const settled = task.then(
      () => undefined,
      () => undefined,
    );
    this.running.add(settled);
    void settled.finally(() => this.running.delete(settled));
  }

  /** Resolves once every task tracked so far (and any they start meanwhile) has settled. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
