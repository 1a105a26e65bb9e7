import { describe, expect, it } from "vitest";
import type { Policy } from "../accounts/account-types.js";
import { AppError } from "../errors.js";
import type { MemberRole } from "../workspaces/workspace-types.js";
import { authorize, isAllowed } from "./authorize.js";
import { actions, permissionTable } from "./permissions.js";
import type { Principal } from "./principal.js";

const W = "ws-aaaaaaaaaaaaaaaa";
const OTHER = "ws-bbbbbbbbbbbbbbbb";

function principal(over: { policies?: Policy[]; roles?: [string, MemberRole][]; isMain?: boolean; disabled?: boolean } = {}): Principal {
  return {
    userId: "u-me",
    loginName: "me",
    isMain: over.isMain ?? false,
    disabled: over.disabled ?? false,
    policies: over.policies ?? [],
    memberships: new Map(over.roles ?? []),
    ip: "127.0.0.1",
  };
}

function refusal(fn: () => void): AppError | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  return undefined;
}

describe("isAllowed", () => {
  it("lets super administrators (main account, FullAccess) do every action anywhere", () => {
    for (const p of [principal({ isMain: true }), principal({ policies: ["FullAccess"] })]) {
      for (const action of actions) expect(isAllowed(p, action, { workspaceId: W }), action).toBe(true);
    }
  });

  it("refuses a disabled account everything, its own account included", () => {
    const p = principal({ isMain: true, disabled: true });
    for (const action of actions) expect(isAllowed(p, action, { workspaceId: W, userId: p.userId })).toBe(false);
  });

  it("lets anyone do self actions to their own account only", () => {
    const p = principal();
    expect(isAllowed(p, "token.manage-own")).toBe(true);
    expect(isAllowed(p, "account.read-self", { userId: "u-me" })).toBe(true);
    expect(isAllowed(p, "account.change-own-password", { userId: "u-someone-else" })).toBe(false);
    expect(isAllowed(principal({ isMain: true }), "token.manage-own", { userId: "u-someone-else" })).toBe(false);
  });

  it("grants workspace roles only inside that workspace", () => {
    const member = principal({ roles: [[W, "member"]] });
    expect(isAllowed(member, "app.write", { workspaceId: W })).toBe(true);
    expect(isAllowed(member, "app.write", { workspaceId: OTHER })).toBe(false);
    expect(isAllowed(member, "app.write")).toBe(false);
    expect(isAllowed(member, "apikey.manage", { workspaceId: W })).toBe(false);
    const admin = principal({ roles: [[W, "admin"]] });
    expect(isAllowed(admin, "apikey.manage", { workspaceId: W })).toBe(true);
    expect(isAllowed(admin, "workspace.delete", { workspaceId: W })).toBe(false);
  });

  it("lets ControlFullAccess manage workspaces, members, users and keys but not app content", () => {
    const control = principal({ policies: ["ControlFullAccess"] });
    for (const action of ["workspace.create", "workspace.delete", "member.manage", "user.create", "apikey.manage", "app.read"] as const) {
      expect(isAllowed(control, action, { workspaceId: W }), action).toBe(true);
    }
    for (const action of ["app.write", "app.publish", "app.delete", "user.delete", "user.set-policies", "provider.manage"] as const) {
      expect(isAllowed(control, action, { workspaceId: W }), action).toBe(false);
    }
  });

  it("refuses ReadOnlyAccess holders every write, whatever their role or other policies", () => {
    const p = principal({ policies: ["ReadOnlyAccess", "ControlFullAccess"], roles: [[W, "admin"]] });
    for (const action of actions) {
      const rule = permissionTable[action];
      if ("self" in rule) continue;
      const expected = !rule.write && (rule.policies.includes("ControlFullAccess") || (rule.roles as readonly string[]).includes("admin"));
      expect(isAllowed(p, action, { workspaceId: W }), action).toBe(expected);
    }
  });
});

describe("authorize", () => {
  it("returns quietly when allowed", () => {
    expect(() => authorize(principal({ roles: [[W, "member"]] }), "app.read", { workspaceId: W })).not.toThrow();
  });

  it("refuses with InsufficientPermissions, naming the action, the workspace and what would allow it", () => {
    const e = refusal(() => authorize(principal({ policies: ["ReadOnlyAccess"], roles: [[W, "admin"]] }), "apikey.manage", { workspaceId: W }));
    expect(e?.code).toBe("InsufficientPermissions");
    expect(e?.details).toEqual({ action: "apikey.manage", workspaceId: W });
    expect(e?.message).toContain("ControlFullAccess");
    expect(e?.message).toContain("admin role");
    expect(e?.message).toContain("ReadOnlyAccess holders may not change anything");
    expect(refusal(() => authorize(principal(), "workspace.list-all"))?.details).toEqual({ action: "workspace.list-all" });
  });

  it("refuses a disabled account with AccountDisabled rather than a permission error", () => {
    expect(refusal(() => authorize(principal({ isMain: true, disabled: true }), "account.read-self"))?.code).toBe("AccountDisabled");
  });
});
