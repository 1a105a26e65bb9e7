import { AppError, SERVICE_UNAVAILABLE_RETRY_SECONDS } from "@appstudio/core";

/**
 * Where this process is in its life: serving, or draining before it exits. Readiness reads
 * `draining` (a load balancer stops sending new work as soon as a drain starts), and every app
 * call is ended when the shutdown grace period is over (`endsWithGrace`).
 */
export class Lifecycle {
  private readonly graceOver = new AbortController();
  private drainStartedAt: number | undefined;
  /**
   * The calls running now. A set rather than `AbortSignal.any([call, deadline])` per call: that
   * cost ~10 µs per app call and kept a weak reference per call on the one deadline signal,
   * which thousands of open streams share.
   */
  private readonly running = new Set<AbortController>();

  /** True from the first shutdown signal on. */
  get draining(): boolean {
    return this.drainStartedAt !== undefined;
  }

  /**
   * Aborts `call` when the grace period ends, with the error calls still running end with; call
   * the result when the call is over.
   */
  endsWithGrace(call: AbortController): () => void {
    if (this.graceOver.signal.aborted) {
      call.abort(this.graceOver.signal.reason);
      return () => {};
    }
    this.running.add(call);
    return () => this.running.delete(call);
  }

  beginDrain(): void {
    this.drainStartedAt ??= Date.now();
  }

  /** Ends calls still running: streams get a final `ServiceUnavailable` event, JSON calls a 503. */
  endGrace(): void {
    this.beginDrain();
    if (this.graceOver.signal.aborted) return;
    this.graceOver.abort(
      new AppError(
        "ServiceUnavailable",
        "The server is shutting down and ended this call; please send it again.",
        { retryAfterSeconds: SERVICE_UNAVAILABLE_RETRY_SECONDS },
        "shutdown grace period (APPSTUDIO_SHUTDOWN_GRACE_MS) over",
      ),
    );
    for (const call of this.running) call.abort(this.graceOver.signal.reason);
    this.running.clear();
  }
}
