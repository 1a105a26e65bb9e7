import type { Policy } from "@appstudio/core";
import { uniqueName } from "./accounts.js";
import { type Expected, type Grants, grantedByTable, type PrincipalName, rankOfGrants } from "./permission-world.js";

/**
 * The escalation matrix: every way one account could change another's credentials, state or
 * policies, for every actor against every kind of account. Expectations follow the rank rule of
 * docs/permissions.md, derived here from the grants alone.
 */

/** Accounts acted on: the main account, a fresh account per case of each policy mix, or the actor itself. */
export const targetKinds = {
  main: { isMain: true, policies: ["FullAccess"] },
  fullAccess: { policies: ["FullAccess"] },
  controlFullAccess: { policies: ["ControlFullAccess"] },
  controlReadOnly: { policies: ["ControlFullAccess", "ReadOnlyAccess"] },
  readOnly: { policies: ["ReadOnlyAccess"] },
  plain: { policies: [] },
  self: { policies: [] },
} satisfies Record<string, Grants>;
export type TargetKind = keyof typeof targetKinds;

/** What is attempted on the account; `body` undefined means DELETE. */
export const operations = {
  rename: { body: () => ({ displayName: uniqueName("Renamed") }), needs: ["user.update"], grants: null },
  password: { body: () => ({ password: "taken-over-password-1" }), needs: ["user.update"], grants: null },
  disable: { body: () => ({ disabled: true }), needs: ["user.update"], grants: null },
  delete: { body: undefined, needs: ["user.delete"], grants: null },
  grantFullAccess: { body: () => ({ policies: ["FullAccess"] }), needs: ["user.update", "user.set-policies"], grants: ["FullAccess"] as Policy[] },
  removePolicies: { body: () => ({ policies: [] }), needs: ["user.update", "user.set-policies"], grants: [] as Policy[] },
} as const;
export type Operation = keyof typeof operations;

/** The actors: every enabled principal with a working token. */
export const escalationActors: PrincipalName[] = [
  "main",
  "fullAccess",
  "controlFullAccess",
  "controlAdminOfW",
  "readOnlyAdminOfW",
  "adminOfW",
  "memberOfW",
  "nonMember",
];

const allowed: Expected = { allowed: true };
const deny: Expected = { allowed: false, status: 403, code: "InsufficientPermissions" };
const conflict: Expected = { allowed: false, status: 409, code: "Conflict" };

export function expectedOnAccount(actor: Grants, target: TargetKind, op: Operation): Expected {
  const { needs, grants } = operations[op];
  const self = target === "self" || (target === "main" && actor.isMain);
  // Another user's account is invisible without user.read; one's own always shows.
  if (!self && !grantedByTable(actor, "user.read")) return { allowed: false, status: 404, code: "NotFound" };
  if (!needs.every((action) => grantedByTable(actor, action))) return deny;
  const own = rankOfGrants(actor);
  if (!self && rankOfGrants(targetKinds[target]) >= own) return deny;
  if (grants && rankOfGrants({ policies: grants }) > own) return deny;
  if (self && actor.isMain && ["disable", "delete", "grantFullAccess", "removePolicies"].includes(op)) return conflict;
  if (self && (op === "disable" || op === "delete")) return conflict;
  return allowed;
}

/** Creating an account: user.create, plus user.set-policies to give it any policy, and never above one's own rank. */
export function expectedCreate(actor: Grants, policies: Policy[]): Expected {
  if (!grantedByTable(actor, "user.create")) return deny;
  if (policies.length > 0 && !grantedByTable(actor, "user.set-policies")) return deny;
  return rankOfGrants({ policies }) > rankOfGrants(actor) ? deny : allowed;
}

export const createdPolicies: Policy[][] = [[], ["ReadOnlyAccess"], ["ControlFullAccess"], ["FullAccess"]];
