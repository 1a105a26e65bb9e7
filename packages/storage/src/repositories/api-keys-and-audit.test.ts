import type { AuditEvent } from "@appstudio/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MigratedRepositories, migratedRepositories } from "../testing/migrated-repositories.js";
import { testDialects } from "../testing/test-databases.js";
import { apiKeyRow, conflictOf, workspaceRow } from "./contract-fixtures.js";

describe.each(testDialects())("storage contract: API keys and audit log (%s)", (dialect) => {
  let db: MigratedRepositories;
  beforeAll(async () => {
    db = await migratedRepositories(dialect);
  });
  afterAll(() => db?.close());

  async function workspace() {
    const w = workspaceRow();
    await db.repos.workspaces.create(w);
    return w.id;
  }

  it("creates, finds by id and hash, updates, touches and deletes a key", async () => {
    const ws = await workspace();
    const row = apiKeyRow(ws, { ipAllowlist: ["10.0.0.0/8", "::1"], appAllowlist: ["a".repeat(32)], description: "ci" });
    await db.repos.apiKeys.create(row);
    const { secretHash, ...key } = row;
    expect(await db.repos.apiKeys.findById(row.id)).toEqual(key);
    expect(await db.repos.apiKeys.findByHash(secretHash)).toEqual(row);
    expect(await db.repos.apiKeys.findByHash("unknown")).toBeUndefined();
    expect(await conflictOf(db.repos.apiKeys.create(apiKeyRow(ws, { secretHash })))).toBe("Conflict");

    await db.repos.apiKeys.update(row.id, { description: "prod", disabled: true, ipAllowlist: [], appAllowlist: [] });
    expect(await db.repos.apiKeys.findById(row.id)).toMatchObject({ description: "prod", disabled: true, ipAllowlist: [], appAllowlist: [] });
    const at = new Date().toISOString();
    await db.repos.apiKeys.touch(row.id, at);
    expect((await db.repos.apiKeys.findById(row.id))?.lastUsedAt).toBe(at);
    expect(await db.repos.apiKeys.countInWorkspace(ws)).toBe(1);
    await db.repos.apiKeys.delete(row.id);
    expect(await db.repos.apiKeys.findById(row.id)).toBeUndefined();
    expect(await db.repos.apiKeys.countInWorkspace(ws)).toBe(0);
  });

  it("keeps a key's scope: workspace by default, region when created so, also with its workspace", async () => {
    const ws = await workspace();
    const plain = apiKeyRow(ws);
    const wide = apiKeyRow(ws, { scope: "region" });
    await db.repos.apiKeys.create(plain);
    await db.repos.apiKeys.create(wide);
    expect((await db.repos.apiKeys.findById(plain.id))?.scope).toBe("workspace");
    expect((await db.repos.apiKeys.findById(wide.id))?.scope).toBe("region");
    expect((await db.repos.apiKeys.findWithWorkspaceByHash(wide.secretHash))?.key.scope).toBe("region");
    const listed = await db.repos.apiKeys.list({ workspaceIds: [ws], limit: 10, offset: 0 });
    expect(Object.fromEntries(listed.items.map((k) => [k.id, k.scope]))).toEqual({ [plain.id]: "workspace", [wide.id]: "region" });
  });

  it("replaces the secret hash on reset: the old hash finds nothing, the new one finds the same key", async () => {
    const row = apiKeyRow(await workspace());
    await db.repos.apiKeys.create(row);
    await db.repos.apiKeys.update(row.id, { secretHash: `new-${row.secretHash}`, prefix: "sk-new...0000" });
    expect(await db.repos.apiKeys.findByHash(row.secretHash)).toBeUndefined();
    expect(await db.repos.apiKeys.findByHash(`new-${row.secretHash}`)).toMatchObject({ id: row.id, prefix: "sk-new...0000" });
  });

  it("lists keys by workspace and description (LIKE-escaped), newest first, paged", async () => {
    const ws = await workspace();
    const other = await workspace();
    const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
    await db.repos.apiKeys.create(apiKeyRow(ws, { description: "100% prod", createdAt: at(1) }));
    await db.repos.apiKeys.create(apiKeyRow(ws, { description: "1000 prod", createdAt: at(2) }));
    await db.repos.apiKeys.create(apiKeyRow(ws, { description: "my_key", createdAt: at(3) }));
    await db.repos.apiKeys.create(apiKeyRow(ws, { description: "myXkey", createdAt: at(4) }));
    await db.repos.apiKeys.create(apiKeyRow(other, { description: "100% other", createdAt: at(5) }));
    const list = async (q: object) => (await db.repos.apiKeys.list({ workspaceIds: [ws], limit: 50, offset: 0, ...q })).items.map((k) => k.description);
    expect(await list({})).toEqual(["myXkey", "my_key", "1000 prod", "100% prod"]);
    expect(await list({ description: "100%" })).toEqual(["100% prod"]);
    expect(await list({ description: "MY_" })).toEqual(["my_key"]);
    expect(await list({ workspaceIds: [ws, other], description: "100%" })).toEqual(["100% other", "100% prod"]);
    expect(await list({ workspaceIds: [] })).toEqual([]);
    const page = await db.repos.apiKeys.list({ workspaceIds: [ws], limit: 2, offset: 1 });
    expect(page).toMatchObject({ total: 4, limit: 2, offset: 1 });
    expect(page.items.map((k) => k.description)).toEqual(["my_key", "1000 prod"]);
  });

  it("appends audit events and filters them by workspace, actor, action and time, newest first", async () => {
    const ws = `ws-audit${dialect.padEnd(8, "0")}`;
    const event = (i: number, over: Partial<AuditEvent> = {}): AuditEvent => ({
      id: `evt-${dialect}-${i}`,
      at: new Date(Date.UTC(2030, 0, 1, 0, 0, i)).toISOString(),
      actorId: "u-a",
      actorName: "ann",
      action: "app.create",
      resourceType: "app",
      resourceId: `app-${i}`,
      workspaceId: ws,
      ip: "127.0.0.1",
      details: { i, nested: { ok: true } },
      ...over,
    });
    await db.repos.audit.append(event(1));
    await db.repos.audit.append(event(2, { actorId: "u-b", actorName: "bob", action: "app.delete" }));
    const anonymous = event(3, { workspaceId: null, actorId: null, actorName: null, ip: null, action: "account.sign-in-failed" });
    await db.repos.audit.append(anonymous);
    await db.repos.audit.append(event(4));
    expect(await conflictOf(db.repos.audit.append(event(4)))).toBe("Conflict");

    const ids = async (q: object) =>
      (await db.repos.audit.list({ limit: 50, offset: 0, from: "2030-01-01T00:00:00.000Z", ...q })).items.map((e) => e.id.split("-").pop());
    expect(await ids({})).toEqual(["4", "3", "2", "1"]);
    expect(await ids({ workspaceId: ws })).toEqual(["4", "2", "1"]);
    expect(await ids({ actorId: "u-b" })).toEqual(["2"]);
    expect(await ids({ action: "account.sign-in-failed" })).toEqual(["3"]);
    expect(await ids({ from: event(2).at, to: event(3).at })).toEqual(["3", "2"]);
    const page = await db.repos.audit.list({ limit: 1, offset: 1, from: "2030-01-01T00:00:00.000Z" });
    expect(page).toMatchObject({ total: 4, limit: 1, offset: 1 });
    expect(page.items).toEqual([anonymous]);
    expect((await db.repos.audit.list({ limit: 1, offset: 0, workspaceId: ws })).items[0]).toEqual(event(4));
  });
});
