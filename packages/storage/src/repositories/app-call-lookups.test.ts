import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createRepositories } from "../create-repositories.js";
import { type DatabaseHandle, openDatabase } from "../dialects/create-database.js";
import { type MigratedRepositories, migratedRepositories } from "../testing/migrated-repositories.js";
import { testDialects } from "../testing/test-databases.js";
import { AppCallLookups } from "./app-call-lookups.js";
import { apiKeyRow, appRow, workspaceRow } from "./contract-fixtures.js";

/**
 * The app API's cached lookups answer from memory until anything (here: another connection, as
 * another process or the CLI would) changes a key, an app or a workspace; the next call then
 * sees the change.
 */
describe.each(testDialects())("app call lookups (%s)", (dialect) => {
  let db: MigratedRepositories;
  let other: DatabaseHandle;
  let otherRepos: ReturnType<typeof createRepositories>;
  beforeAll(async () => {
    db = await migratedRepositories(dialect);
    other = openDatabase(db.url);
    otherRepos = createRepositories(other.db, other.dialect);
  });
  afterAll(async () => {
    await other?.close();
    await db?.close();
  });

  async function fixture() {
    const ws = workspaceRow();
    await db.repos.workspaces.create(ws);
    const key = apiKeyRow(ws.id);
    await db.repos.apiKeys.create(key);
    const app = appRow(ws.id);
    await db.repos.apps.create(app);
    const reads = { keys: vi.spyOn(db.repos.apiKeys, "findWithWorkspaceByHash"), apps: vi.spyOn(db.repos.apps, "findById") };
    return { ws, key, app, reads, lookups: new AppCallLookups(db.handle.db, db.repos) };
  }

  it("answers repeated lookups from memory; marking a key used does not drop them", async () => {
    const { key, app, reads, lookups } = await fixture();
    for (let i = 0; i < 3; i++) {
      expect((await lookups.findWithWorkspaceByHash(key.secretHash))?.key.id).toBe(key.id);
      expect((await lookups.findById(app.id))?.id).toBe(app.id);
      await lookups.touch(key.id, new Date().toISOString());
    }
    expect(reads.keys).toHaveBeenCalledTimes(1);
    expect(reads.apps).toHaveBeenCalledTimes(1);
  });

  it("sees a key disabled, reset or deleted through another connection on the next lookup", async () => {
    const { key, lookups } = await fixture();
    expect((await lookups.findWithWorkspaceByHash(key.secretHash))?.key.disabled).toBe(false);
    await otherRepos.apiKeys.update(key.id, { disabled: true });
    expect((await lookups.findWithWorkspaceByHash(key.secretHash))?.key.disabled).toBe(true);

    await otherRepos.apiKeys.update(key.id, { disabled: false, secretHash: "a-new-hash" });
    expect(await lookups.findWithWorkspaceByHash(key.secretHash)).toBeUndefined();
    expect((await lookups.findWithWorkspaceByHash("a-new-hash"))?.key.id).toBe(key.id);

    await otherRepos.apiKeys.delete(key.id);
    expect(await lookups.findWithWorkspaceByHash("a-new-hash")).toBeUndefined();
  });

  it("sees an app changed or deleted, and a workspace renamed, through another connection", async () => {
    const { key, app, lookups } = await fixture();
    await lookups.findWithWorkspaceByHash(key.secretHash);
    expect(await lookups.findById(app.id)).toMatchObject({ publishedVersion: null });
    await otherRepos.apps.publish(app.id, app.draft, { note: "", publishedBy: app.createdBy, at: new Date().toISOString() });
    await lookups.findWithWorkspaceByHash(key.secretHash);
    expect(await lookups.findById(app.id)).toMatchObject({ publishedVersion: 1 });

    await otherRepos.workspaces.rename(key.workspaceId, "renamed", new Date().toISOString());
    expect((await lookups.findWithWorkspaceByHash(key.secretHash))?.workspace.name).toBe("renamed");

    await otherRepos.apps.delete(app.id);
    await lookups.findWithWorkspaceByHash(key.secretHash);
    expect(await lookups.findById(app.id)).toBeUndefined();
  });

  it("does not keep what it did not find", async () => {
    const { ws, lookups } = await fixture();
    expect(await lookups.findWithWorkspaceByHash("not-yet")).toBeUndefined();
    await otherRepos.apiKeys.create(apiKeyRow(ws.id, { secretHash: "not-yet" }));
    expect(await lookups.findWithWorkspaceByHash("not-yet")).toBeDefined();
  });
});
