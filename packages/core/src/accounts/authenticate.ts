import type { Principal } from "../auth/principal.js";
import type { CoreDeps } from "../context.js";
import { AppError } from "../errors.js";
import { sha256 } from "../ids.js";
import { isoNow } from "../ports/clock.js";
import type { User } from "./account-types.js";

export async function principalFor(deps: CoreDeps, user: User, ip: string | null): Promise<Principal> {
  if (user.disabled) throw new AppError("AccountDisabled", "This account is disabled. Ask an administrator to enable it.");
  return {
    userId: user.id,
    loginName: user.loginName,
    isMain: user.isMain,
    disabled: user.disabled,
    policies: user.policies,
    memberships: await deps.repos.members.rolesForUser(user.id),
    ip,
  };
}

const notAuthenticated = () => new AppError("NotAuthenticated", "Sign in or send a valid personal access token.");

/** Resolves a personal access token (`Authorization: Bearer ast_...`). */
export async function authenticateAccessToken(deps: CoreDeps, secret: string, ip: string | null): Promise<Principal> {
  const token = await deps.repos.tokens.findByHash(sha256(secret));
  const now = isoNow(deps.clock);
  if (!token || (token.expiresAt !== null && token.expiresAt <= now)) throw notAuthenticated();
  const user = await deps.repos.users.findById(token.userId);
  if (!user) throw notAuthenticated();
  // Last-used is informational; a minute's precision keeps writes off the hot path.
  if (!token.lastUsedAt || Date.parse(now) - Date.parse(token.lastUsedAt) > 60_000) {
    await deps.repos.tokens.touch(token.id, now);
  }
  return principalFor(deps, user, ip);
}

/** Resolves a console session cookie; sliding expiry is extended at most once a minute. */
export async function authenticateConsoleSession(deps: CoreDeps, secret: string, ip: string | null): Promise<Principal> {
  const idHash = sha256(secret);
  const session = await deps.repos.consoleSessions.find(idHash);
  const now = deps.clock.now();
  if (!session || session.expiresAt <= now.toISOString()) throw notAuthenticated();
  const user = await deps.repos.users.findById(session.userId);
  if (!user) throw notAuthenticated();
  const ttlMs = deps.settings.consoleSessionTtlSeconds * 1000;
  const newExpiry = new Date(now.getTime() + ttlMs).toISOString();
  if (Date.parse(newExpiry) - Date.parse(session.expiresAt) > 60_000) {
    await deps.repos.consoleSessions.extend(idHash, newExpiry);
  }
  return principalFor(deps, user, ip);
}
