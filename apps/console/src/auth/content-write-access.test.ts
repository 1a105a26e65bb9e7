import { describe, expect, it } from "vitest";
import type { WhoAmI } from "../api/types";
import { contentWriteAccess } from "./content-write-access";

const WS = "ws-aaaaaaaaaaaaaaaa";

function me(overrides: { superAdmin?: boolean; policies?: WhoAmI["user"]["policies"]; role?: "admin" | "member" }): WhoAmI {
  return {
    user: { id: "u1", loginName: "u", displayName: "", isMain: false, disabled: false, policies: overrides.policies ?? [], createdAt: "", updatedAt: "" },
    superAdmin: overrides.superAdmin ?? false,
    canManageAllWorkspaces: false,
    memberships: overrides.role ? [{ workspaceId: WS, role: overrides.role }] : [],
  };
}

describe("contentWriteAccess (the knowledge.write rule)", () => {
  it("allows members and admins of the workspace, and super administrators anywhere", () => {
    expect(contentWriteAccess(me({ role: "member" }), WS).allowed).toBe(true);
    expect(contentWriteAccess(me({ role: "admin" }), WS).allowed).toBe(true);
    expect(contentWriteAccess(me({ superAdmin: true, policies: ["FullAccess", "ReadOnlyAccess"] }), WS).allowed).toBe(true);
  });

  it("refuses, naming the reason: no role here, ReadOnlyAccess, ControlFullAccess", () => {
    expect(contentWriteAccess(me({ role: "member" }), "ws-bbbbbbbbbbbbbbbb")).toEqual({
      allowed: false,
      reason: "Needs the admin or member role in this workspace.",
    });
    expect(contentWriteAccess(me({ role: "admin", policies: ["ReadOnlyAccess"] }), WS).reason).toContain("ReadOnlyAccess");
    expect(contentWriteAccess(me({ role: "admin", policies: ["ControlFullAccess"] }), WS).reason).toContain("ControlFullAccess");
  });
});
