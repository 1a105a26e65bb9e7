import { describe, expect, it } from "vitest";
import type { Policy } from "../accounts/account-types.js";
import { AppError } from "../errors.js";
import type { MemberRole } from "../workspaces/workspace-types.js";
import { authorize, authorizeLookup, isAllowed } from "./authorize.js";
import { actions, permissionTable } from "./permissions.js";
import { type Principal, rankOf } from "./principal.js";

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
  it("lets super administrators (main account, FullAccess) do every action anywhere, to accounts of lower rank", () => {
    for (const p of [principal({ isMain: true }), principal({ policies: ["FullAccess"] })]) {
      for (const action of actions)
        expect(isAllowed(p, action, { workspaceId: W, userId: "u-other", userRank: 2 }), action).toBe(!("self" in permissionTable[action]));
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
    const plainUser = { workspaceId: W, userId: "u-other", userRank: 1 } as const;
    for (const action of ["workspace.create", "workspace.delete", "member.manage", "user.create", "user.update", "apikey.manage", "app.read"] as const) {
      expect(isAllowed(control, action, plainUser), action).toBe(true);
    }
    for (const action of ["app.write", "app.publish", "app.delete", "app.run", "user.delete", "user.set-policies", "provider.manage"] as const) {
      expect(isAllowed(control, action, plainUser), action).toBe(false);
    }
  });

  it("never lets a workspace role give a ControlFullAccess holder app content (the two-step path)", () => {
    const controlAdmin = principal({ policies: ["ControlFullAccess"], roles: [[W, "admin"]] });
    for (const action of actions) {
      const rule = permissionTable[action];
      if (!("content" in rule)) continue;
      expect(isAllowed(controlAdmin, action, { workspaceId: W }), action).toBe(false);
    }
    expect(isAllowed(controlAdmin, "app.read", { workspaceId: W })).toBe(true);
    // Super administrators are not restricted by it.
    expect(isAllowed(principal({ policies: ["FullAccess", "ControlFullAccess"] }), "app.write", { workspaceId: W })).toBe(true);
  });

  it("refuses ReadOnlyAccess holders every write, whatever their role or other policies", () => {
    const p = principal({ policies: ["ReadOnlyAccess", "ControlFullAccess"], roles: [[W, "admin"]] });
    for (const action of actions) {
      const rule = permissionTable[action];
      if ("self" in rule) continue;
      const expected =
        !rule.write && !("content" in rule) && (rule.policies.includes("ControlFullAccess") || (rule.roles as readonly string[]).includes("admin"));
      expect(isAllowed(p, action, { workspaceId: W }), action).toBe(expected);
    }
  });
});

describe("privilege ranks", () => {
  const account = (policies: Policy[], isMain = false) => ({ isMain, policies });

  it("ranks main > FullAccess > ControlFullAccess > the rest; ReadOnlyAccess cancels ControlFullAccess only", () => {
    expect(rankOf(account(["FullAccess"], true))).toBe(4);
    expect(rankOf(account(["FullAccess"]))).toBe(3);
    expect(rankOf(account(["FullAccess", "ReadOnlyAccess"]))).toBe(3);
    expect(rankOf(account(["ControlFullAccess"]))).toBe(2);
    expect(rankOf(account(["ControlFullAccess", "ReadOnlyAccess"]))).toBe(1);
    expect(rankOf(account(["ReadOnlyAccess"]))).toBe(1);
    expect(rankOf(account([]))).toBe(1);
  });

  it("lets an account be changed only by someone of strictly higher rank, or by itself", () => {
    const grants: [Policy[], boolean][] = [
      [[], false],
      [["ControlFullAccess"], false],
      [["FullAccess"], false],
      [["FullAccess"], true],
    ];
    for (const [policies, isMain] of grants) {
      const actor = principal({ policies, isMain });
      for (const targetRank of [1, 2, 3, 4] as const) {
        const allowed = isAllowed(actor, "user.update", { userId: "u-other", userRank: targetRank });
        expect({ policies, isMain, targetRank, allowed }).toEqual({ policies, isMain, targetRank, allowed: rankOf(actor) >= 2 && targetRank < rankOf(actor) });
      }
      expect(isAllowed(actor, "user.update", { userId: actor.userId, userRank: rankOf(actor) })).toBe(rankOf(actor) >= 2);
    }
  });

  it("refuses granting more privilege than one's own, to oneself or to a new account", () => {
    const full = principal({ policies: ["FullAccess"] });
    expect(isAllowed(full, "user.set-policies", { userId: "u-other", userRank: 1, grantsRank: 3 })).toBe(true);
    expect(isAllowed(full, "user.set-policies", { userId: full.userId, userRank: 3, grantsRank: 4 })).toBe(false);
    expect(isAllowed(full, "user.create", { grantsRank: 3 })).toBe(true);
    const control = principal({ policies: ["ControlFullAccess"] });
    expect(isAllowed(control, "user.create", { grantsRank: 1 })).toBe(true);
    expect(isAllowed(control, "user.create", { grantsRank: 3 })).toBe(false);
    expect(isAllowed(control, "user.set-policies", { userId: control.userId, userRank: 2, grantsRank: 3 })).toBe(false);
  });

  it("fails closed when a use case does not say whom an outrank action is done to", () => {
    expect(isAllowed(principal({ isMain: true }), "user.delete")).toBe(false);
    expect(isAllowed(principal({ isMain: true }), "user.delete", { userId: "u-other" })).toBe(false);
  });

  it("explains a rank refusal with both ranks and the order", () => {
    const e = refusal(() => authorize(principal({ policies: ["ControlFullAccess"] }), "user.update", { userId: "u-boss", userRank: 3 }));
    expect(e?.code).toBe("InsufficientPermissions");
    expect(e?.details).toEqual({ action: "user.update", userId: "u-boss" });
    expect(e?.message).toContain("lower privilege than yours");
    expect(e?.message).toContain("FullAccess");
  });
});

describe("authorizeLookup", () => {
  const missing = () => new AppError("NotFound", "Thing 'x' was not found.");

  it("answers the same NotFound for a resource the caller may not read as for a missing one", () => {
    const outsider = principal({ roles: [[OTHER, "admin"]] });
    const hidden = refusal(() => authorizeLookup(outsider, "app.read", { workspaceId: W }, (r) => r, missing));
    const absent = refusal(() => authorizeLookup(outsider, "app.read", undefined, (r: { workspaceId: string }) => r, missing));
    expect(hidden).toEqual(absent);
    expect(hidden?.code).toBe("NotFound");
    expect(authorizeLookup(principal({ roles: [[W, "member"]] }), "app.read", { workspaceId: W }, (r) => r, missing)).toEqual({ workspaceId: W });
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
