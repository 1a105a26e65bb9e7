import type { AgentConfig } from "@appstudio/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MigratedRepositories, migratedRepositories } from "../testing/migrated-repositories.js";
import { testDialects } from "../testing/test-databases.js";
import { appRow, conflictOf, workspaceRow } from "./contract-fixtures.js";

const config = (model: string): AgentConfig => ({ model, instructions: "be brief", dialogRounds: 3, tools: [] });
const meta = (note = "") => ({ note, publishedBy: "u-x", at: new Date().toISOString() });

describe.each(testDialects())("storage contract: apps and versions (%s)", (dialect) => {
  let db: MigratedRepositories;
  let ws: string;
  beforeAll(async () => {
    db = await migratedRepositories(dialect);
    const w = workspaceRow();
    await db.repos.workspaces.create(w);
    ws = w.id;
  });
  afterAll(() => db?.close());

  it("creates, finds by id and name, updates and deletes an app", async () => {
    const app = appRow(ws, { draft: { nodes: [{ id: "Start_abcd", type: "Start", name: "Start", config: { a: [1, "x"] } }], edges: [] }, type: "workflow" });
    await db.repos.apps.create(app);
    expect(await db.repos.apps.findById(app.id)).toEqual(app);
    expect(await db.repos.apps.findByName(ws, app.name)).toEqual(app);
    expect(await db.repos.apps.findByName("ws-other0000000000", app.name)).toBeUndefined();
    const at = new Date(Date.now() + 1000).toISOString();
    await db.repos.apps.update(app.id, { name: `${app.name}-2`, description: "d", draft: config("m2"), draftChanged: false, updatedAt: at });
    expect(await db.repos.apps.findById(app.id)).toMatchObject({
      name: `${app.name}-2`,
      description: "d",
      draft: config("m2"),
      draftChanged: false,
      updatedAt: at,
    });
    await db.repos.apps.delete(app.id);
    expect(await db.repos.apps.findById(app.id)).toBeUndefined();
  });

  it("refuses a duplicate name in one workspace (create and rename) with Conflict, allows it in another", async () => {
    const a = appRow(ws, { name: "dup" });
    await db.repos.apps.create(a);
    expect(await conflictOf(db.repos.apps.create(appRow(ws, { name: "dup" })))).toBe("Conflict");
    const other = workspaceRow();
    await db.repos.workspaces.create(other);
    await db.repos.apps.create(appRow(other.id, { name: "dup" }));
    const b = appRow(ws, { name: "not-dup" });
    await db.repos.apps.create(b);
    expect(await conflictOf(db.repos.apps.update(b.id, { name: "dup" }))).toBe("Conflict");
    expect(await conflictOf(db.repos.apps.create(appRow(ws, { id: a.id })))).toBe("Conflict");
  });

  it("numbers published versions 1, 2, 3 and keeps each immutable", async () => {
    const app = appRow(ws);
    await db.repos.apps.create(app);
    expect(await db.repos.apps.publish(app.id, config("v1"), meta("first"))).toBe(1);
    await db.repos.apps.update(app.id, { draft: config("v2"), draftChanged: true });
    expect(await db.repos.apps.publish(app.id, config("v2"), meta())).toBe(2);
    expect(await db.repos.apps.publish(app.id, config("v3"), meta())).toBe(3);
    const stored = await db.repos.apps.findById(app.id);
    expect(stored).toMatchObject({ publishedVersion: 3, draftChanged: false });
    expect(stored!.publishedAt).not.toBeNull();
    expect((await db.repos.apps.listVersions(app.id)).map((v) => [v.version, (v.config as AgentConfig).model])).toEqual([
      [3, "v3"],
      [2, "v2"],
      [1, "v1"],
    ]);
    expect(await db.repos.apps.findVersion(app.id, 1)).toMatchObject({ appId: app.id, version: 1, config: config("v1"), note: "first", publishedBy: "u-x" });
    expect(await db.repos.apps.findVersion(app.id, 4)).toBeUndefined();
  });

  it("gives concurrent publishes distinct consecutive versions", async () => {
    for (const n of [5, 10]) {
      const app = appRow(ws);
      await db.repos.apps.create(app);
      const versions = await Promise.all(Array.from({ length: n }, (_, i) => db.repos.apps.publish(app.id, config(`c${i}`), meta())));
      expect([...versions].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      expect((await db.repos.apps.findById(app.id))?.publishedVersion).toBe(n);
      expect(await db.repos.apps.listVersions(app.id)).toHaveLength(n);
    }
  });

  it("lists with workspace, type, name (LIKE-escaped) and published filters, and pages", async () => {
    const w = workspaceRow();
    await db.repos.workspaces.create(w);
    const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
    const rows = [
      appRow(w.id, { name: "50% off", updatedAt: at(5) }),
      appRow(w.id, { name: "500 off", updatedAt: at(4) }),
      appRow(w.id, { name: "snake_case", updatedAt: at(3), type: "workflow", draft: { nodes: [], edges: [] } }),
      appRow(w.id, { name: "snakeXcase", updatedAt: at(2) }),
      appRow(w.id, { name: "Mixed Case", updatedAt: at(1) }),
    ];
    for (const r of rows) await db.repos.apps.create(r);
    await db.repos.apps.publish(rows[3]!.id, config("p"), meta());
    const names = async (q: object) => (await db.repos.apps.list({ workspaceIds: [w.id], limit: 50, offset: 0, ...q })).items.map((a) => a.name);
    expect(await names({ name: "50%" })).toEqual(["50% off"]);
    expect(await names({ name: "snake_" })).toEqual(["snake_case"]);
    expect(await names({ name: "mixed" })).toEqual(["Mixed Case"]);
    expect(await names({ type: "workflow" })).toEqual(["snake_case"]);
    expect(await names({ publishedOnly: true })).toEqual(["snakeXcase"]);
    expect(await names({ workspaceIds: [] })).toEqual([]);
    expect(await db.repos.apps.countInWorkspace(w.id)).toBe(5);
    // Newest change first; the publish touched snakeXcase.
    const page = await db.repos.apps.list({ workspaceIds: [w.id], limit: 2, offset: 1 });
    expect(page).toMatchObject({ total: 5, limit: 2, offset: 1 });
    expect(page.items.map((a) => a.name)).toEqual(["50% off", "500 off"]);
  });

  it("deletes an app's versions with it", async () => {
    const app = appRow(ws);
    await db.repos.apps.create(app);
    await db.repos.apps.publish(app.id, config("x"), meta());
    await db.repos.apps.delete(app.id);
    expect(await db.repos.apps.listVersions(app.id)).toEqual([]);
    expect(await db.repos.apps.findVersion(app.id, 1)).toBeUndefined();
  });
});
