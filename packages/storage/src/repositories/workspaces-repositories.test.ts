import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MigratedRepositories, migratedRepositories } from "../testing/migrated-repositories.js";
import { testDialects } from "../testing/test-databases.js";
import { apiKeyRow, appRow, conflictOf, userRow, workspaceRow } from "./contract-fixtures.js";

describe.each(testDialects())("storage contract: workspaces and members (%s)", (dialect) => {
  let db: MigratedRepositories;
  beforeAll(async () => {
    db = await migratedRepositories(dialect);
  });
  afterAll(() => db?.close());

  it("creates, finds, renames, counts and deletes workspaces", async () => {
    const w = workspaceRow({ region: "crud" });
    await db.repos.workspaces.create(w);
    expect(await db.repos.workspaces.findById(w.id)).toEqual(w);
    expect(await db.repos.workspaces.findById("ws-nonexistent0000")).toBeUndefined();
    expect(await db.repos.workspaces.countInRegion("crud")).toBe(1);
    const at = new Date().toISOString();
    await db.repos.workspaces.rename(w.id, "renamed", at);
    expect(await db.repos.workspaces.findById(w.id)).toMatchObject({ name: "renamed", updatedAt: at });
    await db.repos.workspaces.delete(w.id);
    expect(await db.repos.workspaces.findById(w.id)).toBeUndefined();
    expect(await db.repos.workspaces.countInRegion("crud")).toBe(0);
  });

  it("enforces one default workspace per region", async () => {
    const first = workspaceRow({ region: "r-default", isDefault: true, name: "default" });
    await db.repos.workspaces.create(first);
    expect(await db.repos.workspaces.findDefault("r-default")).toEqual(first);
    expect(await conflictOf(db.repos.workspaces.create(workspaceRow({ region: "r-default", isDefault: true })))).toBe("Conflict");
    // Concurrent first starts race for the default: exactly one wins, the rest get Conflict.
    const racers = Array.from({ length: 4 }, () => db.repos.workspaces.create(workspaceRow({ region: "r-race", isDefault: true })));
    const outcomes = await Promise.allSettled(racers);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    for (const o of outcomes) if (o.status === "rejected") expect(o.reason).toMatchObject({ name: "AppError", code: "Conflict" });
    // Sub-workspaces are not limited, and other regions have their own default.
    await db.repos.workspaces.create(workspaceRow({ region: "r-default" }));
    await db.repos.workspaces.create(workspaceRow({ region: "r-other", isDefault: true }));
    expect(await db.repos.workspaces.countInRegion("r-default")).toBe(2);
  });

  it("refuses duplicate names within a region (create and rename) with Conflict", async () => {
    await db.repos.workspaces.create(workspaceRow({ region: "names", name: "team" }));
    expect(await conflictOf(db.repos.workspaces.create(workspaceRow({ region: "names", name: "team" })))).toBe("Conflict");
    await db.repos.workspaces.create(workspaceRow({ region: "names-2", name: "team" }));
    const other = workspaceRow({ region: "names", name: "other" });
    await db.repos.workspaces.create(other);
    expect(await conflictOf(db.repos.workspaces.rename(other.id, "team", new Date().toISOString()))).toBe("Conflict");
  });

  it("lists with id, region and name filters, defaults first, escaping LIKE wildcards", async () => {
    const region = "list";
    const rows = [
      workspaceRow({ region, name: "100% done", createdAt: "2026-01-01T00:00:01.000Z" }),
      workspaceRow({ region, name: "1000 done", createdAt: "2026-01-01T00:00:02.000Z" }),
      workspaceRow({ region, name: "a_b", createdAt: "2026-01-01T00:00:03.000Z" }),
      workspaceRow({ region, name: "axb", createdAt: "2026-01-01T00:00:04.000Z" }),
      workspaceRow({ region, name: "default", isDefault: true, createdAt: "2026-01-01T00:00:05.000Z" }),
    ];
    for (const r of rows) await db.repos.workspaces.create(r);
    const names = async (q: { name?: string; ids?: string[] }) =>
      (await db.repos.workspaces.list({ region, limit: 50, offset: 0, ...q })).items.map((w) => w.name);
    expect(await names({})).toEqual(["default", "100% done", "1000 done", "a_b", "axb"]);
    expect(await names({ name: "100%" })).toEqual(["100% done"]);
    expect(await names({ name: "A_B" })).toEqual(["a_b"]);
    expect(await names({ ids: [rows[1]!.id, rows[3]!.id] })).toEqual(["1000 done", "axb"]);
    expect(await names({ ids: [] })).toEqual([]);
    const page = await db.repos.workspaces.list({ region, limit: 2, offset: 2 });
    expect(page).toMatchObject({ total: 5, limit: 2, offset: 2 });
    expect(page.items.map((w) => w.name)).toEqual(["1000 done", "a_b"]);
  });

  it("adds members, changes roles keeping the join date, lists and removes them", async () => {
    const w = workspaceRow();
    const ann = userRow({ loginName: `ann-${dialect}` });
    const bob = userRow({ loginName: `bob-${dialect}` });
    await db.repos.workspaces.create(w);
    await db.repos.users.create(ann);
    await db.repos.users.create(bob);
    await db.repos.members.upsert({ workspaceId: w.id, userId: bob.id, role: "member", createdAt: "2026-01-01T00:00:00.000Z" });
    await db.repos.members.upsert({ workspaceId: w.id, userId: ann.id, role: "admin", createdAt: "2026-01-02T00:00:00.000Z" });
    await db.repos.members.upsert({ workspaceId: w.id, userId: bob.id, role: "admin", createdAt: "2026-02-01T00:00:00.000Z" });
    expect(await db.repos.members.find(w.id, bob.id)).toEqual({
      workspaceId: w.id,
      userId: bob.id,
      role: "admin",
      createdAt: "2026-01-01T00:00:00.000Z",
      loginName: bob.loginName,
      displayName: bob.displayName,
    });
    expect((await db.repos.members.listForWorkspace(w.id)).map((m) => m.loginName)).toEqual([ann.loginName, bob.loginName]);
    expect(await db.repos.members.rolesForUser(bob.id)).toEqual(new Map([[w.id, "admin"]]));
    await db.repos.members.delete(w.id, bob.id);
    expect(await db.repos.members.find(w.id, bob.id)).toBeUndefined();
    await db.repos.members.deleteForUser(ann.id);
    expect(await db.repos.members.listForWorkspace(w.id)).toEqual([]);
  });

  it("cascades a deleted workspace to its members, and refuses to orphan apps or keys", async () => {
    const w = workspaceRow();
    const user = userRow();
    await db.repos.workspaces.create(w);
    await db.repos.users.create(user);
    await db.repos.members.upsert({ workspaceId: w.id, userId: user.id, role: "member", createdAt: new Date().toISOString() });
    const withApp = workspaceRow();
    await db.repos.workspaces.create(withApp);
    await db.repos.apps.create(appRow(withApp.id));
    const withKey = workspaceRow();
    await db.repos.workspaces.create(withKey);
    await db.repos.apiKeys.create(apiKeyRow(withKey.id));

    await db.repos.workspaces.delete(w.id);
    expect(await db.repos.members.rolesForUser(user.id)).toEqual(new Map());
    await expect(db.repos.workspaces.delete(withApp.id)).rejects.toThrow();
    await expect(db.repos.workspaces.delete(withKey.id)).rejects.toThrow();
    expect(await db.repos.workspaces.findById(withApp.id)).toBeDefined();
    expect(await db.repos.workspaces.findById(withKey.id)).toBeDefined();
  });
});
