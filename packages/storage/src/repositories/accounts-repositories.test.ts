import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MigratedRepositories, migratedRepositories } from "../testing/migrated-repositories.js";
import { testDialects } from "../testing/test-databases.js";
import { conflictOf, seedUserAndWorkspace, userRow } from "./contract-fixtures.js";

describe.each(testDialects())("storage contract: users, tokens, console sessions (%s)", (dialect) => {
  let db: MigratedRepositories;
  beforeAll(async () => {
    db = await migratedRepositories(dialect);
  });
  afterAll(() => db?.close());

  it("creates, finds, updates and deletes a user", async () => {
    const { users } = db.repos;
    const row = userRow({ policies: ["ControlFullAccess", "ReadOnlyAccess"] });
    await users.create(row);
    const { passwordHash, ...user } = row;
    expect(await users.findById(row.id)).toEqual(user);
    expect(await users.findByLoginName(row.loginName)).toEqual(row);
    expect(await users.findByLoginName("nobody-at-all")).toBeUndefined();

    await users.update(row.id, { displayName: "Renamed", disabled: true, policies: ["FullAccess"], passwordHash: "new-hash" });
    const updated = await users.findByLoginName(row.loginName);
    expect(updated).toMatchObject({ displayName: "Renamed", disabled: true, policies: ["FullAccess"], passwordHash: "new-hash" });
    expect(updated!.updatedAt >= row.updatedAt).toBe(true);

    await users.delete(row.id);
    expect(await users.findById(row.id)).toBeUndefined();
    expect(passwordHash).toBe("hash");
  });

  it("refuses a duplicate login name and a second main account with Conflict", async () => {
    const first = userRow();
    await db.repos.users.create(first);
    expect(await conflictOf(db.repos.users.create(userRow({ loginName: first.loginName })))).toBe("Conflict");
    await db.repos.users.create(userRow({ isMain: true }));
    expect((await db.repos.users.findMain())?.isMain).toBe(true);
    expect(await conflictOf(db.repos.users.create(userRow({ isMain: true })))).toBe("Conflict");
  });

  it("pages and searches users, escaping LIKE wildcards", async () => {
    const tag = `srch${Date.now().toString(36)}`;
    for (const name of [`${tag}-50%-a`, `${tag}-500-b`, `${tag}-x_y`, `${tag}-xzy`, `${tag}-back\\slash`]) {
      await db.repos.users.create(userRow({ loginName: name.toLowerCase() }));
    }
    const search = async (s: string) => (await db.repos.users.list({ search: s, limit: 50, offset: 0 })).items.map((u) => u.loginName);
    expect(await search(`${tag}-50%`)).toEqual([`${tag}-50%-a`]);
    expect(await search(`${tag}-x_y`)).toEqual([`${tag}-x_y`]);
    expect(await search("back\\sl")).toEqual([`${tag}-back\\slash`]);
    expect(await search(tag.toUpperCase())).toHaveLength(5);

    const all = await db.repos.users.list({ limit: 200, offset: 0 });
    const page = await db.repos.users.list({ limit: 2, offset: 1 });
    expect(page).toMatchObject({ total: all.total, limit: 2, offset: 1 });
    expect(page.items.map((u) => u.id)).toEqual(all.items.slice(1, 3).map((u) => u.id));
    expect((await db.repos.users.list({ limit: 5, offset: all.total + 10 })).items).toEqual([]);
  });

  it("stores access tokens by hash, lists, touches and deletes them", async () => {
    const { user } = await seedUserAndWorkspace(db.repos);
    const token = {
      id: "pat-1" + dialect,
      userId: user.id,
      name: "cli",
      prefix: "ast_123...abcd",
      createdAt: new Date(1000).toISOString(),
      expiresAt: null,
      lastUsedAt: null,
    };
    const second = { ...token, id: "pat-2" + dialect, name: "ci", createdAt: new Date(2000).toISOString(), expiresAt: new Date(9e12).toISOString() };
    await db.repos.tokens.create({ ...token, secretHash: `h1${dialect}` });
    await db.repos.tokens.create({ ...second, secretHash: `h2${dialect}` });
    expect(await db.repos.tokens.findByHash(`h1${dialect}`)).toEqual(token);
    expect(await db.repos.tokens.findByHash("nope")).toBeUndefined();
    expect((await db.repos.tokens.listForUser(user.id)).map((t) => t.id)).toEqual([token.id, second.id]);
    expect(await conflictOf(db.repos.tokens.create({ ...token, id: "pat-3" + dialect, secretHash: `h1${dialect}` }))).toBe("Conflict");

    const at = new Date().toISOString();
    await db.repos.tokens.touch(token.id, at);
    expect((await db.repos.tokens.findByHash(`h1${dialect}`))?.lastUsedAt).toBe(at);
    await db.repos.tokens.delete(token.id);
    expect(await db.repos.tokens.findByHash(`h1${dialect}`)).toBeUndefined();
    await db.repos.tokens.deleteForUser(user.id);
    expect(await db.repos.tokens.listForUser(user.id)).toEqual([]);
  });

  it("keeps console sessions by hash, extends, ends and purges them", async () => {
    const { user } = await seedUserAndWorkspace(db.repos);
    const past = new Date(Date.now() - 60_000).toISOString();
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const s = db.repos.consoleSessions;
    await s.create({ idHash: `live-${dialect}`, userId: user.id, createdAt: past, expiresAt: future });
    await s.create({ idHash: `dead-${dialect}`, userId: user.id, createdAt: past, expiresAt: past });
    expect(await s.find(`live-${dialect}`)).toEqual({ userId: user.id, expiresAt: future });
    expect(await conflictOf(s.create({ idHash: `live-${dialect}`, userId: user.id, createdAt: past, expiresAt: future }))).toBe("Conflict");

    const later = new Date(Date.now() + 7_200_000).toISOString();
    await s.extend(`live-${dialect}`, later);
    expect((await s.find(`live-${dialect}`))?.expiresAt).toBe(later);
    expect(await s.purgeExpired(new Date().toISOString())).toBeGreaterThanOrEqual(1);
    expect(await s.find(`dead-${dialect}`)).toBeUndefined();
    expect(await s.find(`live-${dialect}`)).toBeDefined();
    await s.delete(`live-${dialect}`);
    expect(await s.find(`live-${dialect}`)).toBeUndefined();

    await s.create({ idHash: `a-${dialect}`, userId: user.id, createdAt: past, expiresAt: future });
    await s.deleteForUser(user.id);
    expect(await s.find(`a-${dialect}`)).toBeUndefined();
  });

  it("cascades a deleted user to tokens, sessions and memberships", async () => {
    const { user, workspace } = await seedUserAndWorkspace(db.repos);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    await db.repos.tokens.create({
      id: `pat-c${dialect}`,
      userId: user.id,
      name: "x",
      prefix: "p",
      createdAt: future,
      expiresAt: null,
      lastUsedAt: null,
      secretHash: `hc${dialect}`,
    });
    await db.repos.consoleSessions.create({ idHash: `sc-${dialect}`, userId: user.id, createdAt: future, expiresAt: future });
    await db.repos.members.upsert({ workspaceId: workspace.id, userId: user.id, role: "admin", createdAt: future });

    await db.repos.users.delete(user.id);
    expect(await db.repos.tokens.findByHash(`hc${dialect}`)).toBeUndefined();
    expect(await db.repos.consoleSessions.find(`sc-${dialect}`)).toBeUndefined();
    expect(await db.repos.members.listForWorkspace(workspace.id)).toEqual([]);
  });
});
