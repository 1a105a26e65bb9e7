import { recordAudit } from "../audit/record-audit.js";
import type { Principal } from "../auth/principal.js";
import type { CoreDeps } from "../context.js";
import { AppError } from "../errors.js";
import { newSessionSecret, sha256 } from "../ids.js";
import type { User } from "./account-types.js";
import { principalFor } from "./authenticate.js";
import { type SignInThrottles, throttleSignIn } from "./sign-in-throttle.js";

export interface SignInResult {
  user: User;
  principal: Principal;
  /** Cookie value; only its hash is stored. */
  sessionSecret: string;
  expiresAt: string;
}

/**
 * Verifies a login name and password and opens a console session. Wrong credentials are counted
 * against the budgets of `throttleSignIn`; past one, attempts are refused with `Throttling`
 * before the password is even checked.
 */
export async function signIn(
  deps: CoreDeps,
  throttles: SignInThrottles,
  input: { loginName: string; password: string; ip: string | null },
): Promise<SignInResult> {
  let knownUserId: string | null = null;
  const found = await throttleSignIn(throttles, input, async () => {
    const candidate = await deps.repos.users.findByLoginName(input.loginName.toLowerCase());
    knownUserId = candidate?.id ?? null;
    // Verify against a dummy hash when the user is unknown so timing does not reveal which names exist.
    const ok = candidate ? await deps.hasher.verify(candidate.passwordHash, input.password) : await verifyDummy(deps, input.password);
    return candidate && ok ? candidate : undefined;
  });
  if (!found) {
    await recordAudit(deps, null, {
      action: "account.sign-in-failed",
      resourceType: "user",
      resourceId: knownUserId,
      details: { loginName: input.loginName, ip: input.ip },
    });
    throw new AppError("InvalidCredentials", "Wrong login name or password.");
  }
  const { passwordHash: _hash, ...user } = found;
  const principal = await principalFor(deps, user, input.ip);

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
