import { describe, expect, it } from "vitest";
import type { WhoAmI } from "../api/types";
import { type Action, accessTo } from "./access";

const WS = "ws-aaaaaaaaaaaaaaaa";
const OTHER = "ws-bbbbbbbbbbbbbbbb";

const rules: WhoAmI["permissions"]["rules"] = [
  { action: "app.write", policies: [], roles: ["admin", "member"], readOnlyRefused: true, controlRefused: true, needs: "…" },
  { action: "apikey.manage", policies: ["ControlFullAccess"], roles: ["admin"], readOnlyRefused: true, controlRefused: false, needs: "…" },
];

function me(policies: WhoAmI["user"]["policies"], everywhere: Action[], inWs: Action[]): WhoAmI {
  return {
    user: { id: "u1", loginName: "u", displayName: "", isMain: false, disabled: false, policies, createdAt: "", updatedAt: "" },
    superAdmin: false,
    canManageAllWorkspaces: false,
    memberships: [{ workspaceId: WS, role: "member" }],
    permissions: { everywhere, workspaces: [{ workspaceId: WS, actions: inWs }], rules },
  };
}

describe("accessTo (reads whoami's permissions)", () => {
  it("allows what the server lists for the workspace, or everywhere", () => {
    const member = me([], [], ["app.write"]);
    expect(accessTo(member, "app.write", WS)).toEqual({ allowed: true, reason: "" });
    expect(accessTo(member, "app.write", OTHER).allowed).toBe(false);
    expect(accessTo(me(["ControlFullAccess"], ["apikey.manage"], []), "apikey.manage", OTHER).allowed).toBe(true);
  });

  it("names the policy or role in words, never the action code", () => {
    const member = me([], [], ["app.write"]);
    const keys = accessTo(member, "apikey.manage", WS);
    expect(keys.reason).toBe("Needs the admin role in this workspace, or the ControlFullAccess or FullAccess policy.");
    expect(accessTo(me(["ReadOnlyAccess"], [], []), "app.write", WS).reason).toContain("ReadOnlyAccess");
    expect(accessTo(me(["ControlFullAccess"], [], []), "app.write", WS).reason).toContain("ControlFullAccess");
    for (const access of [keys, accessTo(member, "app.write", OTHER)]) expect(access.reason).not.toMatch(/app\.write|apikey\.manage/);
  });
});
