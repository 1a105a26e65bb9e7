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
 * One attempt of a node: `start` gets its own signal, aborted with the run, and aborted with a
 * `Timeout` failure when no result came within `timeoutMs` (+ `slackMs` for nodes that enforce
 * the timeout themselves and only need a backstop). Whatever the attempt left running (a stream,
 * a sandbox run, Iteration items) is aborted when it ends.
 */
export async function timedAttempt<T>(
  runSignal: AbortSignal,
  timeoutMs: number | undefined,
  slackMs: number,
  start: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(runSignal.reason);
  runSignal.addEventListener("abort", onAbort, { once: true });
  try {
    const work = start(controller.signal);
    if (timeoutMs === undefined) return await work;
    return await withTimeout(work, timeoutMs + slackMs, () => {
      const failure = new NodeFailure("Timeout", `no result within ${timeoutMs} ms`);
      controller.abort(failure);
      return failure;
    });
  } finally {
    runSignal.removeEventListener("abort", onAbort);
    if (!controller.signal.aborted) controller.abort(new DOMException("node finished", "AbortError"));
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
