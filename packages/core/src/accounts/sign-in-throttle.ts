import { AppError } from "../errors.js";
import type { RateLimiter } from "../ports/rate-limiter.js";

/**
 * The budgets for wrong passwords, after OWASP's guidance on blocking brute force without
 * locking the owner out. Only wrong credentials (unknown login name or wrong password) are
 * counted: never a successful sign-in, never a refusal, never a failure of the server itself.
 */
export interface SignInThrottles {
  /** Failures per login name from one address: stops one address guessing one account's password. A success from that address clears it. */
  perLoginAndAddress: RateLimiter;
  /** Failures per address across all login names: stops one address trying many accounts. */
  perAddress: RateLimiter;
  /**
   * Failures per login name from all addresses: stops many addresses guessing one account. Once
   * spent, the account still opens to the right password from an address that has not failed
   * for it in the window, so an attack elsewhere never locks the owner out.
   */
  perLogin: RateLimiter;
}

/**
 * Runs `verify` within the budgets. `verify` returns undefined for wrong credentials; only those
 * keep the hits taken for the attempt. Whatever else happens (success, an error of the server,
 * a refusal by a budget) gives them back, so concurrent attempts cannot slip past a budget
 * while a database outage or a crowd of successful sign-ins never uses one up.
 */
export async function throttleSignIn<T>(
  throttles: SignInThrottles,
  who: { loginName: string; ip: string | null },
  verify: () => Promise<T | undefined>,
): Promise<T | undefined> {
  const login = who.loginName.toLowerCase();
  const address = who.ip ?? "unknown";
  const pairKey = JSON.stringify([login, address]);
  const held: [RateLimiter, string][] = [];
  const take = async (limiter: RateLimiter, key: string) => {
    const result = await limiter.hit(key);
    held.push([limiter, key]);
    return result;
  };
  let keep = false;
  try {
    const pair = await take(throttles.perLoginAndAddress, pairKey);
    if (!pair.allowed) throw throttled(pair.retryAfterMs);
    const fromAddress = await take(throttles.perAddress, address);
    if (!fromAddress.allowed) throw throttled(fromAddress.retryAfterMs);
    const forLogin = await take(throttles.perLogin, login);
    // `pair.count` includes this attempt: 1 means this address has no failures for this login.
    if (!forLogin.allowed && pair.count > 1) throw throttled(forLogin.retryAfterMs);

    const verified = await verify();
    if (verified === undefined) {
      keep = true;
      return undefined;
    }
    // The owner's typos from this address are forgiven; the other budgets only get this attempt back.
    held.shift();
    await throttles.perLoginAndAddress.reset(pairKey);
    return verified;
  } finally {
    if (!keep) await Promise.allSettled(held.map(([limiter, key]) => limiter.refund(key)));
  }
}

function throttled(retryAfterMs: number): AppError {
  return new AppError("Throttling", "Too many failed sign-in attempts. Try again later.", { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) });
}
