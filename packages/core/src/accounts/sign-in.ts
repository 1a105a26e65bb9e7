import { recordAudit } from "../audit/record-audit.js";
import type { Principal } from "../auth/principal.js";
import type { CoreDeps } from "../context.js";
import { AppError } from "../errors.js";
import { newSessionSecret, sha256 } from "../ids.js";
import type { RateLimiter } from "../ports/rate-limiter.js";
import { principalFor } from "./authenticate.js";
import type { User } from "./account-types.js";

export interface SignInResult {
  user: User;
  principal: Principal;
  /** Cookie value; only its hash is stored. */
  sessionSecret: string;
  expiresAt: string;
}

/**
 * Verifies a login name and password and opens a console session. Failed attempts are counted
 * per login name and per address; past the limit every attempt is refused until the window ends,
 * so guessing stays slow even against a correct password.
 */
export interface SignInThrottles {
  /** Attempts per login name: stops guessing one account's password. */
  perLogin: RateLimiter;
  /** Attempts per client address, with a larger budget: stops one address guessing across accounts without locking out everyone behind a shared NAT after a few typos. */
  perAddress: RateLimiter;
}

export async function signIn(
  deps: CoreDeps,
  throttles: SignInThrottles,
  input: { loginName: string; password: string; ip: string | null },
): Promise<SignInResult> {
  const loginKey = `login:${input.loginName.toLowerCase()}`;
  const checks: [RateLimiter, string][] = [[throttles.perLogin, loginKey], ...(input.ip ? [[throttles.perAddress, `login-ip:${input.ip}`] as [RateLimiter, string]] : [])];
  for (const [limiter, key] of checks) {
    const { allowed, retryAfterMs } = await limiter.hit(key);
    if (!allowed) {
      throw new AppError("Throttling", "Too many failed sign-in attempts. Try again later.", {
        retryAfterSeconds: Math.ceil(retryAfterMs / 1000),
      });
    }
  }
  const found = await deps.repos.users.findByLoginName(input.loginName.toLowerCase());
  // Verify against a dummy hash when the user is unknown so timing does not reveal which names exist.
  const ok = found ? await deps.hasher.verify(found.passwordHash, input.password) : await verifyDummy(deps, input.password);
  if (!found || !ok) {
    await recordAudit(deps, null, {
      action: "account.sign-in-failed",
      resourceType: "user",
      resourceId: found?.id ?? null,
      details: { loginName: input.loginName, ip: input.ip },
    });
    throw new AppError("InvalidCredentials", "Wrong login name or password.");
  }
  const { passwordHash: _hash, ...user } = found;
  const principal = await principalFor(deps, user, input.ip);
  // Success clears the account's count only: an address that was guessing stays counted.
  await throttles.perLogin.reset(loginKey);

  const sessionSecret = newSessionSecret();
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + deps.settings.consoleSessionTtlSeconds * 1000).toISOString();
  await deps.repos.consoleSessions.create({ idHash: sha256(sessionSecret), userId: user.id, createdAt: now.toISOString(), expiresAt });
  await recordAudit(deps, principal, { action: "account.sign-in", resourceType: "user", resourceId: user.id });
  return { user, principal, sessionSecret, expiresAt };
}

let dummyHash: Promise<string> | undefined;
async function verifyDummy(deps: CoreDeps, password: string): Promise<false> {
  dummyHash ??= deps.hasher.hash("appstudio-dummy-password");
  await deps.hasher.verify(await dummyHash, password);
  return false;
}

export async function signOut(deps: CoreDeps, sessionSecret: string): Promise<void> {
  await deps.repos.consoleSessions.delete(sha256(sessionSecret));
}
