import type { User } from "../accounts/account-types.js";
import { principalFor } from "../accounts/authenticate.js";
import { recordAudit } from "../audit/record-audit.js";
import { authorize, isAllowed } from "../auth/authorize.js";
import { type Principal, rankOf } from "../auth/principal.js";
import type { CoreDeps } from "../context.js";
import { AppError, notFound } from "../errors.js";
import { isoNow } from "../ports/clock.js";
import type { AccessKeyRepository } from "../ports/repositories.js";
import { ACCESS_KEY_ID_PATTERN, newAccessKeyId, newAccessKeySecret } from "./access-key-ids.js";
import type { AccessKey, AccessKeyRecord, AccessKeySealer } from "./access-key-types.js";

/** What the AccessKey use cases need beyond the core ports: the table and the secret box. */
export interface AccessKeyDeps extends CoreDeps {
  accessKeys: AccessKeyRepository;
  sealer: AccessKeySealer;
}

/** Alibaba Cloud allows two per user; a little more room here for rotation without a gap. */
export const MAX_ACCESS_KEYS_PER_USER = 5;

const publicView = ({ secretSealed: _, ...key }: AccessKeyRecord): AccessKey => key;

/**
 * Whose keys a request acts on, and whether the caller may: a user their own (`accesskey.manage-own`),
 * an administrator those of lower-ranked users (`accesskey.manage`, the `outrank` rule).
 */
async function ownerFor(deps: AccessKeyDeps, principal: Principal, userId: string | undefined): Promise<User> {
  const targetId = userId ?? principal.userId;
  if (targetId === principal.userId) authorize(principal, "accesskey.manage-own");
  const user = await deps.repos.users.findById(targetId);
  if (!user) throw notFound("User", targetId);
  if (targetId !== principal.userId) authorize(principal, "accesskey.manage", { userId: user.id, userRank: rankOf(user) });
  return user;
}

/** May the caller manage this key? A key they may not touch is a 404, exactly as a missing one. */
async function managedKey(deps: AccessKeyDeps, principal: Principal, keyId: string): Promise<AccessKeyRecord> {
  const missing = () => notFound("AccessKey", keyId);
  if (principal.disabled) authorize(principal, "accesskey.manage-own");
  const key = ACCESS_KEY_ID_PATTERN.test(keyId) ? await deps.accessKeys.findById(keyId) : undefined;
  if (!key) throw missing();
  if (key.userId === principal.userId) {
    authorize(principal, "accesskey.manage-own");
    return key;
  }
  const owner = await deps.repos.users.findById(key.userId);
  if (!owner || !isAllowed(principal, "accesskey.manage", { userId: owner.id, userRank: rankOf(owner) })) throw missing();
  return key;
}

export async function listAccessKeys(deps: AccessKeyDeps, principal: Principal, query: { userId?: string } = {}): Promise<AccessKey[]> {
  const owner = await ownerFor(deps, principal, query.userId);
  return deps.accessKeys.listForUser(owner.id);
}

/** Creates a pair. The secret is returned here once and never again (it is stored sealed). */
export async function createAccessKey(deps: AccessKeyDeps, principal: Principal, input: { userId?: string } = {}): Promise<{ key: AccessKey; secret: string }> {
  const owner = await ownerFor(deps, principal, input.userId);
  const existing = await deps.accessKeys.listForUser(owner.id);
  if (existing.length >= MAX_ACCESS_KEYS_PER_USER) {
    throw new AppError("LimitExceeded", `At most ${MAX_ACCESS_KEYS_PER_USER} AccessKeys per user; delete an unused one first.`);
  }
  const secret = newAccessKeySecret();
  const key: AccessKey = { id: newAccessKeyId(), userId: owner.id, disabled: false, createdAt: isoNow(deps.clock), lastUsedAt: null };
  await deps.accessKeys.create({ ...key, secretSealed: deps.sealer.seal(secret) });
  await recordAudit(deps, principal, { action: "accesskey.create", resourceType: "access-key", resourceId: key.id, details: { userId: owner.id } });
  return { key, secret };
}

export async function setAccessKeyDisabled(deps: AccessKeyDeps, principal: Principal, keyId: string, disabled: boolean): Promise<AccessKey> {
  const key = await managedKey(deps, principal, keyId);
  await deps.accessKeys.setDisabled(key.id, disabled);
  await recordAudit(deps, principal, {
    action: disabled ? "accesskey.disable" : "accesskey.enable",
    resourceType: "access-key",
    resourceId: key.id,
    details: { userId: key.userId },
  });
  return publicView({ ...key, disabled });
}

export async function deleteAccessKey(deps: AccessKeyDeps, principal: Principal, keyId: string): Promise<void> {
  const key = await managedKey(deps, principal, keyId);
  await deps.accessKeys.delete(key.id);
  await recordAudit(deps, principal, { action: "accesskey.delete", resourceType: "access-key", resourceId: key.id, details: { userId: key.userId } });
}

/** The signer's side of a signed request: what the verifier needs to check the signature. */
export type AccessKeyLookup = { found: false } | { found: true; disabled: boolean; secret: string; key: AccessKey };

/** Looks a key up for signature verification and opens its secret. Never leaves the server. */
export async function lookUpAccessKey(deps: AccessKeyDeps, keyId: string): Promise<AccessKeyLookup> {
  const record = ACCESS_KEY_ID_PATTERN.test(keyId) ? await deps.accessKeys.findById(keyId) : undefined;
  if (!record) return { found: false };
  return { found: true, disabled: record.disabled, secret: deps.sealer.open(record.secretSealed), key: publicView(record) };
}

/**
 * After the signature checked out: the key's user as a principal (the same permission table
 * applies as in the management API). A disabled or deleted user throws `AccountDisabled`/`NotAuthenticated`.
 */
export async function principalForAccessKey(deps: AccessKeyDeps, key: AccessKey, ip: string | null): Promise<Principal> {
  const user = await deps.repos.users.findById(key.userId);
  if (!user) throw new AppError("NotAuthenticated", "The user of this AccessKey no longer exists.");
  const now = isoNow(deps.clock);
  // Last-used is informational; a minute's precision keeps writes off the hot path.
  if (!key.lastUsedAt || Date.parse(now) - Date.parse(key.lastUsedAt) > 60_000) await deps.accessKeys.touch(key.id, now);
  return principalFor(deps, user, ip);
}
