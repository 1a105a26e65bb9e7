import { Accounts } from "@appstudio/contracts";
import { actions } from "@appstudio/core";
import { testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, TEST_ADMIN_PASSWORD, type TestServer } from "../src/testing/index.js";
import { addMember, createUser, createWorkspace, signIn } from "./support/accounts.js";
import { expectError } from "./support/error-body.js";

interface Summary {
  everywhere: string[];
  workspaces: { workspaceId: string; actions: string[] }[];
  rules: { action: string; needs: string; readOnlyRefused: boolean; controlRefused: boolean }[];
}

describe("whoami permissions: the contract lists every action of the table", () => {
  it("has the same actions as core", () => {
    expect([...Accounts.Action.enum].sort()).toEqual([...actions].sort());
  });
});

describe.each(testDialects())("whoami permissions (%s)", (dialect) => {
  let server: TestServer;
  let workspaceId: string;
  beforeAll(async () => {
    server = await startTestServer({ dialect });
    workspaceId = await createWorkspace(server);
  });
  afterAll(() => server?.close());

  async function sessionOf(options: { policies?: ("FullAccess" | "ControlFullAccess" | "ReadOnlyAccess")[]; role?: "admin" | "member" }) {
    const user = await createUser(server, options.policies ? { policies: options.policies } : {});
    if (options.role) await addMember(server, workspaceId, user.id, options.role);
    const cookie = await signIn(server, user.loginName, user.password);
    return { user, cookie };
  }
  async function permissionsOf(cookie: string): Promise<Summary> {
    const res = await server.call("GET", "/manage/v1/whoami", { headers: { cookie } });
    expect(res.status).toBe(200);
    return res.body.permissions;
  }
  const inWorkspace = (summary: Summary, id: string) => summary.workspaces.find((w) => w.workspaceId === id)?.actions ?? summary.everywhere;

  it("a member may build apps but not manage keys or members; the server agrees over HTTP", async () => {
    const { cookie } = await sessionOf({ role: "member" });
    const allowed = inWorkspace(await permissionsOf(cookie), workspaceId);
    expect(allowed).toEqual(expect.arrayContaining(["app.write", "app.publish", "knowledge.write", "member.list"]));
    expect(allowed).not.toContain("apikey.manage");
    expect(allowed).not.toContain("member.manage");

    const created = await server.call("POST", "/manage/v1/apps", { headers: { cookie, origin: server.url }, body: { workspaceId, type: "agent", name: "m" } });
    expect(created.status).toBe(201);
    const refused = await server.call("POST", "/manage/v1/api-keys", { headers: { cookie, origin: server.url }, body: { workspaceId } });
    expectError(refused, 403, "InsufficientPermissions");
  });

  it("ReadOnlyAccess keeps reading but loses every write, whatever the role", async () => {
    const { cookie } = await sessionOf({ policies: ["ReadOnlyAccess"], role: "admin" });
    const summary = await permissionsOf(cookie);
    const allowed = inWorkspace(summary, workspaceId);
    expect(allowed).toEqual(expect.arrayContaining(["app.read", "apikey.read", "member.list"]));
    for (const action of ["app.write", "app.publish", "apikey.manage", "member.manage", "workspace.rename", "knowledge.write"])
      expect(allowed).not.toContain(action);
  });

  it("ControlFullAccess manages workspaces, members and keys everywhere, but not app content", async () => {
    const { cookie } = await sessionOf({ policies: ["ControlFullAccess"] });
    const summary = await permissionsOf(cookie);
    expect(summary.workspaces).toEqual([]);
    expect(summary.everywhere).toEqual(
      expect.arrayContaining(["workspace.create", "workspace.list-all", "member.manage", "apikey.manage", "user.create", "app.read"]),
    );
    for (const action of ["app.write", "app.publish", "knowledge.write", "provider.manage", "user.delete"]) expect(summary.everywhere).not.toContain(action);
  });

  it("a super administrator may do everything", async () => {
    const cookie = await signIn(server, "admin", TEST_ADMIN_PASSWORD);
    expect([...(await permissionsOf(cookie)).everywhere].sort()).toEqual([...actions].sort());
  });

  it("says who may do each action in words, never with an action code; refusals do too", async () => {
    const { cookie } = await sessionOf({ role: "member" });
    const { rules } = await permissionsOf(cookie);
    expect(rules.map((r) => r.action).sort()).toEqual([...actions].sort());
    const keys = rules.find((r) => r.action === "apikey.manage");
    expect(keys).toMatchObject({ readOnlyRefused: true, controlRefused: false });
    expect(keys?.needs).toContain("admin role in the workspace");
    for (const rule of rules) expect(rule.needs).not.toMatch(/\b[a-z]+\.[a-z-]+\b/);

    const refused = await server.call("POST", "/manage/v1/api-keys", { headers: { cookie, origin: server.url }, body: { workspaceId } });
    expect(refused.body.message).toBe(`Insufficient permissions: Managing API keys requires ${keys?.needs}`);
    expect(refused.body.details.action).toBe("apikey.manage");
  });

  it("a new membership shows in the same session's next whoami, without signing in again", async () => {
    const { user, cookie } = await sessionOf({});
    expect((await permissionsOf(cookie)).workspaces).toEqual([]);
    await addMember(server, workspaceId, user.id, "admin");
    expect(inWorkspace(await permissionsOf(cookie), workspaceId)).toContain("apikey.manage");
  });
});
