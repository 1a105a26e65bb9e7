import { AppError, SERVICE_UNAVAILABLE_RETRY_SECONDS } from "@appstudio/core";

/**
 * Where this process is in its life: serving, or draining before it exits. Readiness reads
 * `draining` (a load balancer stops sending new work as soon as a drain starts), and every app
 * call listens to `deadline`, which fires when the shutdown grace period is over.
 */
export class Lifecycle {
  private readonly graceOver = new AbortController();
  private drainStartedAt: number | undefined;

  /** True from the first shutdown signal on. */
  get draining(): boolean {
    return this.drainStartedAt !== undefined;
  }

  /** Aborted when the grace period ends; its reason is the error calls still running end with. */
  get deadline(): AbortSignal {
    return this.graceOver.signal;
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
  }
}
