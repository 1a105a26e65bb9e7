import type { Policy } from "../accounts/account-types.js";
import type { MemberRole } from "../workspaces/workspace-types.js";

/**
 * The permission table: the single source of who may do what. `authorize()` reads it, the
 * permission-matrix test is generated from it, and docs/permissions.md describes it.
 *
 * - `self`: any signed-in, enabled user may do it to their own account.
 * - `policies`: account-level policies that grant it everywhere (super administrators always may).
 * - `roles`: workspace roles that grant it inside that workspace.
 * - `write`: ReadOnlyAccess holders are refused, whatever their role.
 * - `content`: app content (apps, knowledge bases); ControlFullAccess holders are refused, whatever their role
 *   (control plane only: they manage who builds apps, they do not build them).
 * - `outrank`: done to a user account; everyone, super administrators included, must rank
 *   strictly above that account unless it is their own, and may not give it a rank above
 *   their own (see `rankOf`).
 */
export interface PermissionRule {
  self?: true;
  policies: readonly Policy[];
  roles: readonly MemberRole[];
  write: boolean;
  content?: true;
  outrank?: true;
}

const rule = (policies: Policy[], roles: MemberRole[], write: boolean, extra: { content?: true; outrank?: true } = {}): PermissionRule => ({
  policies,
  roles,
  write,
  ...extra,
});
const CONTENT = { content: true } as const;
const OUTRANK = { outrank: true } as const;
const CONTROL: Policy[] = ["ControlFullAccess"];
const ANY_ROLE: MemberRole[] = ["admin", "member"];

export const permissionTable = {
  "account.read-self": { self: true, policies: [], roles: [], write: false },
  "account.change-own-password": { self: true, policies: [], roles: [], write: false },
  "token.manage-own": { self: true, policies: [], roles: [], write: false },
  // AccessKeys for the signed OpenAPI: a user their own; administrators those of lower-ranked users.
  "accesskey.manage-own": { self: true, policies: [], roles: [], write: false },
  "accesskey.manage": rule(CONTROL, [], true, OUTRANK),

  "user.list": rule(CONTROL, [], false),
  "user.read": rule(CONTROL, [], false),
  "user.create": rule(CONTROL, [], true, OUTRANK),
  "user.update": rule(CONTROL, [], true, OUTRANK),
  "user.delete": rule([], [], true, OUTRANK),
  "user.set-policies": rule([], [], true, OUTRANK),

  "workspace.list-all": rule(CONTROL, [], false),
  "workspace.read": rule(CONTROL, ANY_ROLE, false),
  "workspace.create": rule(CONTROL, [], true),
  "workspace.rename": rule(CONTROL, ["admin"], true),
  "workspace.delete": rule(CONTROL, [], true),

  "member.list": rule(CONTROL, ANY_ROLE, false),
  "member.manage": rule(CONTROL, ["admin"], true),

  "app.read": rule(CONTROL, ANY_ROLE, false),
  "app.write": rule([], ANY_ROLE, true, CONTENT),
  "app.publish": rule([], ANY_ROLE, true, CONTENT),
  "app.delete": rule([], ANY_ROLE, true, CONTENT),
  "app.run": rule([], ANY_ROLE, false, CONTENT),

  // Knowledge bases, their documents and chunks: content, like apps.
  "knowledge.read": rule(CONTROL, ANY_ROLE, false),
  "knowledge.write": rule([], ANY_ROLE, true, CONTENT),

  "apikey.read": rule(CONTROL, ["admin"], false),
  "apikey.manage": rule(CONTROL, ["admin"], true),
  // A region-scope key reaches every workspace of its region: only super administrators create or change one.
  "apikey.manage-region": rule([], [], true),

  "audit.read": rule(CONTROL, ["admin"], false),
  "calllog.read": rule(CONTROL, ANY_ROLE, false),

  "provider.read": rule(CONTROL, ANY_ROLE, false),
  "provider.manage": rule([], [], true),

  // Long-term memory holds what apps learnt about end users: content, not control plane.
  "memory.read": rule([], ANY_ROLE, false),
  "memory.write": rule([], ANY_ROLE, true, CONTENT),

  // MCP services: members see them (to attach them to apps); only workspace admins add or change
  // them, because they hold credentials and decide where the server connects.
  "mcp.read": rule(CONTROL, ANY_ROLE, false),
  "mcp.manage": rule([], ["admin"], true),
} satisfies Record<string, PermissionRule>;

export type Action = keyof typeof permissionTable;
export const actions = Object.keys(permissionTable) as Action[];
