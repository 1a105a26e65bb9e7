import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type AttemptSignal, timedAttempt, withRetries } from "./node-attempts.js";
import { NodeFailure } from "./workflow-types.js";

describe("node attempts: retries and timeouts", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("retries a failing attempt after the delay, and reports the attempts it took", async () => {
    let calls = 0;
    const run = withRetries(
      { retries: 2, retryDelayMs: 1_000 },
      new AbortController().signal,
      async () => (++calls < 3 ? Promise.reject(new Error("busy")) : "ok"),
      () => undefined,
    );
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toBe(1); // the second try waits the whole delay
    await vi.advanceTimersByTimeAsync(1_001);
    expect(await run).toEqual({ ok: true, value: "ok", attempts: 3 });
  });

  it("gives up after the retries with the last failure; errors that end the run are thrown, never retried", async () => {
    const failing = () => Promise.reject(new NodeFailure("HttpError", "503"));
    const spent = withRetries({ retries: 1, retryDelayMs: 0 }, new AbortController().signal, failing, () => undefined);
    expect(await spent).toMatchObject({ ok: false, attempts: 2, failure: { code: "HttpError", message: "503" } });
    let calls = 0;
    const over = new Error("run aborted");
    const fatal = withRetries(
      { retries: 5, retryDelayMs: 0 },
      new AbortController().signal,
      () => {
        calls++;
        return failing();
      },
      () => over,
    );
    await expect(fatal).rejects.toBe(over);
    expect(calls).toBe(1);
  });

  it("a run aborted during the delay between tries stops waiting", async () => {
    const run = new AbortController();
    const attempts = withRetries(
      { retries: 3, retryDelayMs: 60_000 },
      run.signal,
      () => Promise.reject(new Error("x")),
      () => undefined,
    );
    const settled = expect(attempts).rejects.toThrow("client gone");
    await vi.advanceTimersByTimeAsync(10);
    run.abort(new Error("client gone"));
    await settled;
  });

  it("times out an attempt with a Timeout failure and aborts its work", async () => {
    let workSignal: AbortSignal | undefined;
    const attempt = timedAttempt(new AbortController().signal, 50, 0, ({ signal }) => {
      workSignal = signal;
      return new Promise<string>(() => {});
    });
    const settled = expect(attempt).rejects.toMatchObject({ code: "Timeout", message: "no result within 50 ms" });
    await vi.advanceTimersByTimeAsync(50);
    await settled;
    expect(workSignal?.aborted).toBe(true);
  });

  it("aborts what a finished attempt left running; the run's abort reaches the attempt", async () => {
    let left: AbortSignal | undefined;
    const done = await timedAttempt(new AbortController().signal, undefined, 0, async ({ signal }) => {
      left = signal;
      return "done";
    });
    expect(done).toBe("done");
    expect(left?.aborted).toBe(true);
    const run = new AbortController();
    let inner: AbortSignal | undefined;
    void timedAttempt(run.signal, 1_000, 0, ({ signal }) => {
      inner = signal;
      return new Promise(() => {});
    }).catch(() => undefined);
    run.abort(new Error("client gone"));
    expect(inner?.reason).toEqual(new Error("client gone"));
  });

  it("makes an attempt's signal only when asked, and it still tells the truth: aborted with the run, on a timeout, and once ended", async () => {
    const run = new AbortController();
    let seen: AttemptSignal | undefined;
    await timedAttempt(run.signal, undefined, 0, async (attempt) => {
      seen = attempt;
      expect(attempt.aborted).toBe(false);
      return "done";
    });
    // Never read during the attempt; read afterwards, it is already aborted.
    expect(seen?.aborted).toBe(true);
    expect(seen?.signal.aborted).toBe(true);

    const aborted = new AbortController();
    aborted.abort(new Error("client gone"));
    await timedAttempt(aborted.signal, undefined, 0, async (attempt) => {
      expect(attempt.aborted).toBe(true);
      expect(attempt.signal.reason).toEqual(new Error("client gone"));
    });

    let timedOut: AttemptSignal | undefined;
    const slow = timedAttempt(run.signal, 50, 0, (attempt) => {
      timedOut = attempt;
      return new Promise<string>(() => {});
    });
    const settled = expect(slow).rejects.toMatchObject({ code: "Timeout" });
    await vi.advanceTimersByTimeAsync(50);
    await settled;
    expect(timedOut?.signal.reason).toMatchObject({ code: "Timeout" });
  });
});
