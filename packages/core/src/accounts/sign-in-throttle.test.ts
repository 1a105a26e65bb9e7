import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AppError } from "../errors.js";
import type { RateLimiter } from "../ports/rate-limiter.js";
import { type SignInThrottles, throttleSignIn } from "./sign-in-throttle.js";

const WINDOW_MS = 15 * 60_000;

/** A fixed-window counter on Date.now(), so fake timers move its windows. */
function fixedWindow(points: number): RateLimiter {
  const windows = new Map<string, { count: number; endsAt: number }>();
  const current = (key: string) => {
    const w = windows.get(key);
    if (w && w.endsAt > Date.now()) return w;
    const fresh = { count: 0, endsAt: Date.now() + WINDOW_MS };
    windows.set(key, fresh);
    return fresh;
  };
  return {
    async hit(key) {
      const w = current(key);
      w.count += 1;
      return { allowed: w.count <= points, retryAfterMs: w.endsAt - Date.now(), count: w.count };
    },
    async refund(key) {
      current(key).count -= 1;
    },
    async reset(key) {
      windows.delete(key);
    },
  };
}

const PAIR = 3;
const ADDRESS = 10;
const ACCOUNT = 6;

describe("throttleSignIn", () => {
  let throttles: SignInThrottles;
  beforeEach(() => {
    vi.useFakeTimers();
    throttles = { perLoginAndAddress: fixedWindow(PAIR), perAddress: fixedWindow(ADDRESS), perLogin: fixedWindow(ACCOUNT) };
  });
  afterEach(() => vi.useRealTimers());

  const right = async () => "user";
  const wrong = async () => undefined;
  const attempt = (loginName: string, ip: string, verify: () => Promise<string | undefined>) => throttleSignIn(throttles, { loginName, ip }, verify);
  const outcome = async (p: Promise<string | undefined>) => {
    try {
      return (await p) ?? "wrong";
    } catch (e) {
      if (e instanceof AppError) return e.code;
      throw e;
    }
  };

  it("never counts successes: any number of right passwords from one address goes through", async () => {
    for (let i = 0; i < ADDRESS * 3; i++) expect(await outcome(attempt(`user${i % 4}`, "10.0.0.1", right))).toBe("user");
  });

  it("refuses one login name from one address after its budget of wrong passwords, the right one included, until the window ends", async () => {
    for (let i = 0; i < PAIR; i++) expect(await outcome(attempt("alice", "10.0.0.1", wrong))).toBe("wrong");
    expect(await outcome(attempt("alice", "10.0.0.1", right))).toBe("Throttling");
    // The same account from another address is not affected by this address's failures.
    expect(await outcome(attempt("alice", "10.0.0.2", right))).toBe("user");
    vi.advanceTimersByTime(WINDOW_MS);
    expect(await outcome(attempt("alice", "10.0.0.1", right))).toBe("user");
  });

  it("forgives an address its earlier typos once it signs in", async () => {
    for (let i = 0; i < PAIR - 1; i++) await attempt("alice", "10.0.0.1", wrong);
    expect(await outcome(attempt("alice", "10.0.0.1", right))).toBe("user");
    for (let i = 0; i < PAIR - 1; i++) expect(await outcome(attempt("alice", "10.0.0.1", wrong))).toBe("wrong");
    expect(await outcome(attempt("alice", "10.0.0.1", right))).toBe("user");
  });

  it("lets the owner in from an address that has not failed after attackers spent the account's budget elsewhere", async () => {
    for (let i = 0; i < ACCOUNT; i++) expect(await outcome(attempt("admin", `203.0.113.${i}`, wrong))).toBe("wrong");
    // An attacking address that failed before is refused even with the right password...
    expect(await outcome(attempt("admin", "203.0.113.0", right))).toBe("Throttling");
    // ...while the owner's address, which has not failed, gets in.
    expect(await outcome(attempt("admin", "198.51.100.7", right))).toBe("user");
    // A fresh address gets a single guess: after one failure it is refused too.
    expect(await outcome(attempt("admin", "203.0.113.99", wrong))).toBe("wrong");
    expect(await outcome(attempt("admin", "203.0.113.99", right))).toBe("Throttling");
  });

  it("refuses one address guessing across many login names once its budget is spent, then every login from it", async () => {
    for (let i = 0; i < ADDRESS; i++) expect(await outcome(attempt(`guess${i}`, "10.0.0.9", wrong))).toBe("wrong");
    expect(await outcome(attempt("alice", "10.0.0.9", right))).toBe("Throttling");
    expect(await outcome(attempt("alice", "10.0.0.8", right))).toBe("user");
  });

  it("does not count failures of the server itself, however many", async () => {
    const outage = async (): Promise<string | undefined> => {
      throw new Error("database is down");
    };
    for (let i = 0; i < ADDRESS * 2; i++) await expect(attempt("admin", "10.0.0.1", outage)).rejects.toThrow("database is down");
    expect(await outcome(attempt("admin", "10.0.0.1", right))).toBe("user");
  });

  it("does not count refused attempts: the budget reopens when the window ends, not later", async () => {
    for (let i = 0; i < PAIR; i++) await attempt("alice", "10.0.0.1", wrong);
    for (let i = 0; i < 20; i++) expect(await outcome(attempt("alice", "10.0.0.1", wrong))).toBe("Throttling");
    vi.advanceTimersByTime(WINDOW_MS);
    for (let i = 0; i < PAIR; i++) expect(await outcome(attempt("alice", "10.0.0.1", wrong))).toBe("wrong");
  });

  it("holds the hits while the password is being checked, so concurrent guesses cannot pass the budget", async () => {
    const results = await Promise.all(Array.from({ length: PAIR * 3 }, () => outcome(attempt("alice", "10.0.0.1", wrong))));
    expect(results.filter((r) => r === "wrong")).toHaveLength(PAIR);
    expect(results.filter((r) => r === "Throttling")).toHaveLength(PAIR * 2);
  });

  it("says when to retry", async () => {
    for (let i = 0; i < PAIR; i++) await attempt("alice", "10.0.0.1", wrong);
    vi.advanceTimersByTime(60_000);
    const refused = await attempt("alice", "10.0.0.1", right).catch((e: AppError) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).details).toEqual({ retryAfterSeconds: (WINDOW_MS - 60_000) / 1000 });
  });
});
