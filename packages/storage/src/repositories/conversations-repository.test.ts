import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MigratedRepositories, migratedRepositories } from "../testing/migrated-repositories.js";
import { testDialects } from "../testing/test-databases.js";

const at = (minutes: number) => new Date(Date.UTC(2030, 0, 1, 0, minutes)).toISOString();
const round = (i: number) => ({ user: `q${i}`, assistant: `a${i}` });

describe.each(testDialects())("storage contract: conversations (%s)", (dialect) => {
  let db: MigratedRepositories;
  beforeAll(async () => {
    db = await migratedRepositories(dialect);
  });
  afterAll(() => db?.close());

  const session = (id: string) => ({ id: `${id}-${dialect}`, appId: "a".repeat(32), workspaceId: "ws-aaaaaaaaaaaaaaaa" });

  it("creates a session on the first round, appends, keeps the newest rounds and slides the expiry", async () => {
    const s = session("crud");
    expect(await db.repos.conversations.find(s.id)).toBeUndefined();
    await db.repos.conversations.appendRound(s, round(1), { maxRounds: 2, now: at(0), expiresAt: at(10) });
    expect(await db.repos.conversations.find(s.id)).toEqual({ ...s, rounds: [round(1)], updatedAt: at(0), expiresAt: at(10) });
    await db.repos.conversations.appendRound(s, round(2), { maxRounds: 2, now: at(1), expiresAt: at(11) });
    await db.repos.conversations.appendRound(s, round(3), { maxRounds: 2, now: at(2), expiresAt: at(12) });
    expect(await db.repos.conversations.find(s.id)).toEqual({ ...s, rounds: [round(2), round(3)], updatedAt: at(2), expiresAt: at(12) });
  });

  it("keeps every round of concurrent turns on one session", async () => {
    const s = session("race");
    await db.repos.conversations.appendRound(s, round(0), { maxRounds: 50, now: at(0), expiresAt: at(10) });
    await Promise.all([1, 2, 3, 4, 5].map((i) => db.repos.conversations.appendRound(s, round(i), { maxRounds: 50, now: at(i), expiresAt: at(10 + i) })));
    const rounds = (await db.repos.conversations.find(s.id))!.rounds;
    expect(rounds[0]).toEqual(round(0));
    expect([...rounds].map((r) => r.user).sort()).toEqual(["q0", "q1", "q2", "q3", "q4", "q5"]);
  });

  it("keeps every round of concurrent turns that open new sessions, the same one twice too (one group commit)", async () => {
    const fresh = [1, 2, 3].map((i) => session(`new-${i}`));
    const twice = session("new-twice");
    const saved = await Promise.all([
      ...fresh.map((s, i) => db.repos.conversations.appendRound(s, round(i), { maxRounds: 50, now: at(0), expiresAt: at(10) })),
      db.repos.conversations.appendRound(twice, round(7), { maxRounds: 50, now: at(0), expiresAt: at(10) }),
      db.repos.conversations.appendRound(twice, round(8), { maxRounds: 50, now: at(1), expiresAt: at(11) }),
    ]);
    expect(saved).toEqual([true, true, true, true, true]);
    for (const [i, s] of fresh.entries()) expect((await db.repos.conversations.find(s.id))?.rounds).toEqual([round(i)]);
    expect((await db.repos.conversations.find(twice.id))?.rounds).toEqual([round(7), round(8)]);
  });

  it("opens a session whose ID and first round hold a NUL and half a surrogate pair, once (grouped insert)", async () => {
    const s = session("odd\u0000\ud83d");
    const odd = { user: "a\u0000b", assistant: "half \udca9" };
    expect(await db.repos.conversations.appendRound(s, odd, { maxRounds: 5, now: at(0), expiresAt: at(10) })).toBe(true);
    // Stored under the storable form of its ID, which every lookup binds alike.
    expect(await db.repos.conversations.find(s.id)).toMatchObject({ id: `odd\uFFFD\uFFFD-${dialect}`, rounds: [odd] });
  });

  it("starts the owner's expired conversation afresh", async () => {
    const s = session("stale");
    expect(await db.repos.conversations.appendRound(s, round(1), { maxRounds: 5, now: at(0), expiresAt: at(5) })).toBe(true);
    expect(await db.repos.conversations.appendRound(s, round(2), { maxRounds: 5, now: at(9), expiresAt: at(19) })).toBe(true);
    expect(await db.repos.conversations.find(s.id)).toEqual({ ...s, rounds: [round(2)], updatedAt: at(9), expiresAt: at(19) });
  });

  it("never writes a conversation of another app or workspace, live or expired", async () => {
    const s = session("owned");
    await db.repos.conversations.appendRound(s, round(1), { maxRounds: 5, now: at(0), expiresAt: at(10) });
    const owner = await db.repos.conversations.find(s.id);
    for (const foreign of [
      { ...s, workspaceId: "ws-bbbbbbbbbbbbbbbb" },
      { ...s, appId: "b".repeat(32) },
    ]) {
      expect(await db.repos.conversations.appendRound(foreign, round(9), { maxRounds: 5, now: at(1), expiresAt: at(11) })).toBe(false);
      // Also once the owner's conversation has expired.
      expect(await db.repos.conversations.appendRound(foreign, round(9), { maxRounds: 5, now: at(30), expiresAt: at(40) })).toBe(false);
    }
    expect(await db.repos.conversations.find(s.id)).toEqual(owner);
  });

  it("purges expired sessions only", async () => {
    await db.repos.conversations.appendRound(session("old"), round(1), { maxRounds: 5, now: at(0), expiresAt: at(5) });
    await db.repos.conversations.appendRound(session("new"), round(1), { maxRounds: 5, now: at(0), expiresAt: at(500) });
    expect(await db.repos.conversations.purgeExpired(at(100))).toBeGreaterThanOrEqual(1);
    expect(await db.repos.conversations.find(session("old").id)).toBeUndefined();
    expect(await db.repos.conversations.find(session("new").id)).toBeDefined();
  });
});
