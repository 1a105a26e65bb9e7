import { isAppError } from "@appstudio/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ConcurrencyLimit } from "./concurrency-limit.js";

describe("ConcurrencyLimit", () => {
  afterEach(() => vi.useRealTimers());
  const signal = () => new AbortController().signal;

  it("refuses at once over the limit and counts released places back", async () => {
    const limit = new ConcurrencyLimit("p", 2, 0);
    const a = await limit.acquire(signal());
    await limit.acquire(signal());
    const refusal = await limit.acquire(signal()).catch((e: unknown) => e);
    expect(isAppError(refusal) && refusal.code).toBe("Throttling");
    a();
    a(); // a second release of the same place changes nothing
    expect(limit.active).toBe(1);
    await limit.acquire(signal());
    expect(limit.active).toBe(2);
  });

  it("hands a freed place to the longest waiter, and refuses a waiter when its wait runs out", async () => {
    vi.useFakeTimers();
    const limit = new ConcurrencyLimit("p", 1, 1_000);
    const first = await limit.acquire(signal());
    const second = limit.acquire(signal());
    const third = limit.acquire(signal()).catch((e: unknown) => e);
    first();
    const releaseSecond = await second;
    expect(limit.active).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    const refusal = await third;
    expect(isAppError(refusal) && refusal.code).toBe("Throttling");
    releaseSecond();
    expect(limit.active).toBe(0);
  });

  it("stops waiting when the caller goes away", async () => {
    const limit = new ConcurrencyLimit("p", 1, 60_000);
    await limit.acquire(signal());
    const caller = new AbortController();
    const waiting = limit.acquire(caller.signal).catch((e: unknown) => e);
    caller.abort(new Error("gone"));
    expect(((await waiting) as Error).message).toBe("gone");
    expect(limit.active).toBe(1);
  });
});
