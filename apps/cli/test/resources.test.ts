import { startTestServer, type TestServer } from "@appstudio/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliSandbox, createSandbox, loggedInSandbox } from "./support/cli-runner.js";

/** Splits a table into rows of cells (columns are separated by two or more spaces). */
const rows = (table: string) =>
  table
    .trimEnd()
    .split("\n")
    .map((line) => line.trim().split(/\s{2,}/));

describe("appstudio workspaces / apps / keys / users / members", () => {
  let server: TestServer;
  let cli: CliSandbox;
  let defaultWs: string;

  beforeAll(async () => {
    server = await startTestServer();
    cli = await loggedInSandbox(server);
    defaultWs = (await server.call("GET", "/manage/v1/workspaces", { token: server.adminToken })).body.items[0].id;
  });
  afterAll(async () => {
    cli.cleanup();
    await server.close();
  });

  it("workspaces list and get, as a table and as JSON", async () => {
    const table = await cli.run(["workspaces", "list"]);
    expect(table.code).toBe(0);
    const [header, first] = rows(table.stdout);
    expect(header).toEqual(["ID", "NAME", "REGION", "DEFAULT", "CREATED"]);
    expect(first).toEqual(["*", defaultWs, "default", "local", "yes", expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)]);

    const list = JSON.parse((await cli.run(["workspaces", "list", "--json"])).stdout);
    expect(list).toEqual([expect.objectContaining({ id: defaultWs, name: "default", region: "local", isDefault: true })]);

    const get = await cli.run(["workspaces", "get"]);
    expect(get.stdout).toMatch(new RegExp(`ID:\\s+${defaultWs}`));
    expect(get.stdout).toMatch(new RegExp(`Dedicated base URL:\\s+http://${defaultWs}\\.local\\.localhost:\\d+/api/v1`));
    const json = JSON.parse((await cli.run(["workspaces", "get", defaultWs, "--json"])).stdout);
    expect(Object.keys(json).sort()).toEqual(["createdAt", "endpoints", "id", "isDefault", "name", "region", "regionName", "updatedAt"]);
    expect(json.endpoints.sharedBaseUrl).toMatch(/^http:\/\/localhost:\d+\/api\/v1$/);
  });

  it("workspaces create --use, current, rename, use and delete", async () => {
    const created = await cli.run(["workspaces", "create", "Team A", "--use"]);
    expect(created.code).toBe(0);
    const id = created.stdout.trim();
    expect(id).toMatch(/^ws-[a-z0-9]{16}$/);
    expect((await cli.run(["workspaces", "current"])).stdout).toContain(id);
    expect((await cli.run(["workspaces", "rename", id, "Team B"])).code).toBe(0);
    expect(JSON.parse((await cli.run(["workspaces", "current", "--json"])).stdout).name).toBe("Team B");
    const noYes = await cli.run(["workspaces", "delete", id]);
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toContain("Pass --yes to confirm");
    expect((await cli.run(["workspaces", "delete", id, "--yes"])).code).toBe(0);
    // Deleting the current workspace clears it from the profile.
    const none = await cli.run(["apps", "list"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("no workspace selected");
    expect((await cli.run(["workspaces", "use", defaultWs])).code).toBe(0);
    const defaultDelete = await cli.run(["workspaces", "delete", defaultWs, "--yes"]);
    expect(defaultDelete.code).not.toBe(0);
    expect(defaultDelete.stderr).toMatch(/default workspace/i);
  });

  it("apps create, list, get (by name and by App ID), publish, versions and rollback", async () => {
    const created = await cli.run(["apps", "create", "support-bot", "--type", "agent", "--description", "answers questions"]);
    expect(created.code).toBe(0);
    const appId = created.stdout.trim();
    expect(appId).toMatch(/^[0-9a-f]{32}$/);
    expect((await cli.run(["apps", "create", "flow", "--type", "workflow"])).code).toBe(0);

    const table = rows((await cli.run(["apps", "list"])).stdout);
    expect(table[0]).toEqual(["APP ID", "NAME", "TYPE", "STATUS", "VERSION", "UPDATED"]);
    expect(table.find((r) => r[1] === "support-bot")?.slice(0, 5)).toEqual([appId, "support-bot", "agent", "draft", "-"]);
    const agents = JSON.parse((await cli.run(["apps", "list", "--type", "agent", "--json"])).stdout);
    expect(agents.map((a: { name: string }) => a.name)).toEqual(["support-bot"]);
    expect(Object.keys(agents[0]).sort()).toEqual([
      "createdAt",
      "createdBy",
      "description",
      "id",
      "name",
      "publishedAt",
      "publishedVersion",
      "status",
      "type",
      "updatedAt",
      "workspaceId",
    ]);

    expect((await cli.run(["apps", "publish", "support-bot", "--note", "first"])).stderr).toContain("as v1");
    expect((await cli.run(["apps", "publish", appId])).stderr).toContain("as v2");
    const byName = await cli.run(["apps", "get", "support-bot"]);
    expect(byName.stdout).toMatch(new RegExp(`App ID:\\s+${appId}`));
    expect(byName.stdout).toMatch(new RegExp(`Workspace ID:\\s+${defaultWs}`));
    expect(byName.stdout).toMatch(/Status:\s+published/);
    const byId = JSON.parse((await cli.run(["apps", "get", appId, "--json"])).stdout);
    expect(byId).toMatchObject({ id: appId, name: "support-bot", workspaceId: defaultWs, publishedVersion: 2, draft: expect.any(Object) });

    const versions = rows((await cli.run(["apps", "versions", "support-bot"])).stdout);
    expect(versions.map((r) => r[0])).toEqual(["VERSION", "v2", "v1"]);
    expect((await cli.run(["apps", "rollback", "support-bot", "v1", "--yes"])).stderr).toContain("now published as v3");
    expect(JSON.parse((await cli.run(["apps", "versions", appId, "--json"])).stdout)).toHaveLength(3);
  });

  it("unknown app: exit 4 with the app named; duplicate name: exit 6", async () => {
    const byName = await cli.run(["apps", "get", "no-such-app"]);
    expect(byName.code).toBe(4);
    expect(byName.stderr).toContain("error: App 'no-such-app' was not found.");
    const byId = await cli.run(["apps", "get", "0".repeat(32)]);
    expect(byId.code).toBe(4);
    expect(byId.stderr).toContain(`App '${"0".repeat(32)}' was not found.`);
    const env = await cli.run(["env", "no-such-app"]);
    expect(env.code).toBe(4);
    expect(env.stdout).toBe(""); // nothing for `eval` to run
    const duplicate = await cli.run(["apps", "create", "support-bot", "--type", "agent"]);
    expect(duplicate.code).toBe(6);
    expect(duplicate.stderr).toContain("code Conflict");
  });

  it("keys create (secret alone on stdout), list, disable, enable, reset, delete", async () => {
    const created = await cli.run(["keys", "create", "--description", "ci"]);
    expect(created.code).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^sk-[0-9a-f]{48}$/);
    const keys = JSON.parse((await cli.run(["keys", "list", "--json"])).stdout);
    const key = keys.find((k: { description: string }) => k.description === "ci");
    expect(key).toMatchObject({ workspaceId: defaultWs, disabled: false, scope: "workspace", prefix: `${secret.slice(0, 7)}...${secret.slice(-4)}` });
    expect(JSON.stringify(keys)).not.toContain(secret);

    const table = rows((await cli.run(["keys", "list"])).stdout);
    expect(table[0]).toEqual(["ID", "KEY", "WORKSPACE", "SCOPE", "STATUS", "LAST USED", "CREATED", "DESCRIPTION"]);
    expect((await cli.run(["keys", "disable", key.id])).code).toBe(0);
    expect(JSON.parse((await cli.run(["keys", "get", key.id, "--json"])).stdout).disabled).toBe(true);
    expect((await cli.run(["keys", "enable", key.id])).code).toBe(0);
    const reset = await cli.run(["keys", "reset", key.id, "--yes", "--json"]);
    expect(JSON.parse(reset.stdout).secret).not.toBe(secret);
    expect((await cli.run(["keys", "delete", key.id, "--yes"])).code).toBe(0);
    const gone = await cli.run(["keys", "get", key.id]);
    expect(gone.code).toBe(4);
  });

  it("keys create --scope region: shown on the key, refused for anything but workspace or region", async () => {
    const created = JSON.parse((await cli.run(["keys", "create", "--scope", "region", "--description", "main", "--json"])).stdout);
    expect(created.key.scope).toBe("region");
    const row = rows((await cli.run(["keys", "list"])).stdout).find((r) => r[0] === created.key.id);
    expect(row?.[3]).toBe("region");
    expect((await cli.run(["keys", "get", created.key.id])).stdout).toMatch(/Scope:\s+region: any workspace of its region/);
    const wrong = await cli.run(["keys", "create", "--scope", "global"]);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/Allowed choices are workspace, region/);
    expect((await cli.run(["keys", "delete", created.key.id, "--yes"])).code).toBe(0);
  });

  it("users and members", async () => {
    const created = await cli.run(["users", "create", "alice", "--display-name", "Alice", "--policy", "ReadOnlyAccess", "--password-stdin"], {
      input: "alice-password-1\n",
    });
    expect(created.code).toBe(0);
    const userId = created.stdout.trim();
    const list = rows((await cli.run(["users", "list"])).stdout);
    expect(list.find((r) => r[1] === "alice")?.slice(0, 4)).toEqual([userId, "alice", "Alice", "ReadOnlyAccess"]);
    expect(JSON.parse((await cli.run(["users", "get", "alice", "--json"])).stdout)).toMatchObject({ id: userId, policies: ["ReadOnlyAccess"] });

    expect((await cli.run(["members", "add", "alice", "--role", "admin"])).code).toBe(0);
    const members = JSON.parse((await cli.run(["members", "list", "--json"])).stdout);
    expect(members).toEqual([expect.objectContaining({ userId, loginName: "alice", role: "admin", workspaceId: defaultWs })]);
    expect((await cli.run(["members", "set-role", "alice", "member"])).code).toBe(0);
    expect(rows((await cli.run(["members", "list"])).stdout)[1]?.slice(0, 4)).toEqual([userId, "alice", "Alice", "member"]);
    expect((await cli.run(["members", "remove", "alice", "--yes"])).code).toBe(0);

    expect((await cli.run(["users", "update", "alice", "--disable"])).code).toBe(0);
    expect((await cli.run(["users", "get", userId])).stdout).toMatch(/Status:\s+disabled/);
    expect((await cli.run(["users", "delete", "alice", "--yes"])).code).toBe(0);
    const gone = await cli.run(["users", "get", "alice"]);
    expect(gone.code).toBe(4);
    expect(gone.stderr).toContain("user 'alice' was not found");
  });

  it("a sub-account without the right policy gets exit 3 for Workspace Management", async () => {
    await server.call("POST", "/manage/v1/users", { token: server.adminToken, body: { loginName: "bob", password: "bob-password-1" } });
    const bob = createSandbox();
    try {
      expect((await bob.run(["login", "--url", server.url, "--user", "bob", "--password-stdin"], { input: "bob-password-1\n" })).code).toBe(0);
      const all = await bob.run(["workspaces", "list", "--all"]);
      expect(all.code).toBe(3);
      expect(all.stderr).toContain("code InsufficientPermissions, HTTP 403");
    } finally {
      bob.cleanup();
    }
  });
});
