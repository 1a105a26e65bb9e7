import { toNodeFailure } from "./execution-helpers.js";
import { NodeFailure } from "./workflow-types.js";

/** A node's retry settings (`errors` of its config). */
export interface RetryPolicy {
  retries: number;
  retryDelayMs: number;
}

export type Attempts<T> = { ok: true; value: T; attempts: number } | { ok: false; failure: NodeFailure; attempts: number };

/**
 * Runs `attempt` until it succeeds, at most `1 + retries` times, waiting `retryDelayMs` between
 * tries (cut short when the run is aborted). `runOver` says whether an error ends the whole run
 * rather than the node (the run was aborted or already failed) and returns what to throw then:
 * such errors are never retried.
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  signal: AbortSignal,
  attempt: (n: number) => Promise<T>,
  runOver: (error: unknown) => unknown | undefined,
): Promise<Attempts<T>> {
  for (let n = 1; ; n++) {
    try {
      return { ok: true, value: await attempt(n), attempts: n };
    } catch (error) {
      const fatal = runOver(error);
      if (fatal !== undefined) throw fatal;
      if (n > policy.retries) return { ok: false, failure: toNodeFailure(error), attempts: n };
      if (policy.retryDelayMs > 0) await delay(policy.retryDelayMs, signal);
    }
  }
}

/**
 * The abort signal of one attempt, made only when the node asks for it. Most nodes (text,
 * conditions, variables) finish without looking at it, and an AbortController per node, its
 * listener on the run's signal and the abort when the node ends (an Event and a DOMException)
 * were ~10 % of the engine's time per node. `aborted` answers without making one.
 */
export class AttemptSignal {
  private controller: AbortController | undefined;
  private onRunAbort: (() => void) | undefined;
  private ended = false;
  /** Why the attempt was stopped before it ended (a timeout), for a signal made afterwards. */
  private stopReason: unknown;

  constructor(private readonly runSignal: AbortSignal) {}

  /** Aborted with the run, on a timeout, and when the attempt ends (whatever it left running stops). */
  get signal(): AbortSignal {
    if (!this.controller) {
      const controller = new AbortController();
      this.controller = controller;
      if (this.stopReason !== undefined) controller.abort(this.stopReason);
      else if (this.ended) controller.abort(nodeFinished());
      else if (this.runSignal.aborted) controller.abort(this.runSignal.reason);
      else {
        this.onRunAbort = () => controller.abort(this.runSignal.reason);
        this.runSignal.addEventListener("abort", this.onRunAbort, { once: true });
      }
    }
    return this.controller.signal;
  }

  get aborted(): boolean {
    if (this.controller) return this.controller.signal.aborted;
    return this.ended || this.stopReason !== undefined || this.runSignal.aborted;
  }

  /** Stops the attempt early (a timeout). */
  stop(reason: unknown): void {
    if (this.aborted) return;
    this.stopReason = reason;
    this.controller?.abort(reason);
  }

  /** The attempt is over: stops what it left running, and lets go of the run's signal. */
  end(): void {
    this.ended = true;
    if (this.onRunAbort) this.runSignal.removeEventListener("abort", this.onRunAbort);
    if (this.controller && !this.controller.signal.aborted) this.controller.abort(nodeFinished());
  }
}

const nodeFinished = () => new DOMException("node finished", "AbortError");

/**
 * One attempt of a node: `start` gets its own signal, aborted with the run, and aborted with a
 * `Timeout` failure when no result came within `timeoutMs` (+ `slackMs` for nodes that enforce
 * the timeout themselves and only need a backstop). Whatever the attempt left running (a stream,
 * a sandbox run, Iteration items) is aborted when it ends.
 */
export async function timedAttempt<T>(
  runSignal: AbortSignal,
  timeoutMs: number | undefined,
  slackMs: number,
  start: (attempt: AttemptSignal) => Promise<T>,
): Promise<T> {
  const attempt = new AttemptSignal(runSignal);
  try {
    const work = start(attempt);
    if (timeoutMs === undefined) return await work;
    return await withTimeout(work, timeoutMs + slackMs, () => {
      const failure = new NodeFailure("Timeout", `no result within ${timeoutMs} ms`);
      attempt.stop(failure);
      return failure;
    });
  } finally {
    attempt.end();
  }
}

/** Waits, unless the run is aborted first. */
function delay(ms: number, signal: AbortSignal): Promise<void> {
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

/** Races `work` against a timer; on expiry `onTimeout` builds (and may act on) the error. */
async function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
