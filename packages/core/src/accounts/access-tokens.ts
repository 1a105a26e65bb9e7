import { recordAudit } from "../audit/record-audit.js";
import { authorize } from "../auth/authorize.js";
import type { Principal } from "../auth/principal.js";
import type { CoreDeps } from "../context.js";
import { AppError, invalidField, notFound } from "../errors.js";
import { displayPrefix, newAccessTokenSecret, newTokenId, sha256 } from "../ids.js";
import { isoNow } from "../ports/clock.js";
import type { AccessToken } from "./account-types.js";

const MAX_TOKENS_PER_USER = 50;

/** Creates a personal access token. The secret is returned here once and never again. */
export async function createAccessToken(
  deps: CoreDeps,
  principal: Principal,
  input: { name: string; expiresInDays?: number },
): Promise<{ token: AccessToken; secret: string }> {
  authorize(principal, "token.manage-own");
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100) throw invalidField("name", "must be 1-100 characters long");
  if (input.expiresInDays !== undefined && (!Number.isInteger(input.expiresInDays) || input.expiresInDays < 1 || input.expiresInDays > 3650)) {
    throw invalidField("expiresInDays", "must be a whole number of days between 1 and 3650");
  }
  const existing = await deps.repos.tokens.listForUser(principal.userId);
  if (existing.length >= MAX_TOKENS_PER_USER) {
    throw new AppError("LimitExceeded", `At most ${MAX_TOKENS_PER_USER} access tokens per user; revoke unused ones first.`);
  }
  const now = deps.clock.now();
  const secret = newAccessTokenSecret();
  const token: AccessToken = {
    id: newTokenId(),
    userId: principal.userId,
    name,
    prefix: displayPrefix(secret),
    createdAt: now.toISOString(),
    expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString() : null,
    lastUsedAt: null,
  };
  await deps.repos.tokens.create({ ...token, secretHash: sha256(secret) });
  await recordAudit(deps, principal, { action: "token.create", resourceType: "access-token", resourceId: token.id, details: { name } });
  return { token, secret };
}

export async function listOwnAccessTokens(deps: CoreDeps, principal: Principal): Promise<AccessToken[]> {
  authorize(principal, "token.manage-own");
  return deps.repos.tokens.listForUser(principal.userId);
}

export async function revokeAccessToken(deps: CoreDeps, principal: Principal, tokenId: string): Promise<void> {
  authorize(principal, "token.manage-own");
  const tokens = await deps.repos.tokens.listForUser(principal.userId);
  if (!tokens.some((t) => t.id === tokenId)) throw notFound("Access token", tokenId);
  await deps.repos.tokens.delete(tokenId);
  await recordAudit(deps, principal, { action: "token.revoke", resourceType: "access-token", resourceId: tokenId, details: { at: isoNow(deps.clock) } });
}
