import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createRepositories } from "../create-repositories.js";
import { openDatabase } from "../dialects/create-database.js";
import { type MigratedRepositories, migratedRepositories } from "../testing/migrated-repositories.js";
import { testDialects } from "../testing/test-databases.js";
import { workspaceRow } from "./contract-fixtures.js";
import { documentRow, knowledgeBaseRow } from "./knowledge-fixtures.js";

const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();

describe.each(testDialects())("storage contract: knowledge ingestion jobs (%s)", (dialect) => {
  let db: MigratedRepositories;
  beforeAll(async () => {
    db = await migratedRepositories(dialect);
  });
  afterAll(() => db?.close());
  // Every test starts with an empty queue, so what a claim returns depends on that test alone.
  beforeEach(async () => {
    await db.handle.db.deleteFrom("knowledge_jobs").execute();
  });

  /** A workspace with a knowledge base and `n` documents, each queued at second `from + i`. */
  async function queue(n: number, from = 0) {
    const w = workspaceRow();
    await db.repos.workspaces.create(w);
    const kb = knowledgeBaseRow(w.id);
    await db.repos.knowledgeBases.create(kb);
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const doc = documentRow(kb, { createdAt: t(from + i) });
      await db.repos.knowledgeDocuments.create(doc, new Uint8Array([1]));
      ids.push(doc.id);
    }
    // Tests ask for as many as they use, so the first ones are always there.
    return { workspaceId: w.id, ids: ids as [string, string, ...string[]] };
  }

  it("claims the oldest queued job, leases it, and finishes it only for its owner", async () => {
    const { workspaceId, ids } = await queue(2);
    expect(await db.repos.knowledgeJobs.claim("w1", t(100), t(160))).toEqual({ documentId: ids[0], workspaceId, attempts: 1 });
    expect(await db.repos.knowledgeJobs.claim("w2", t(100), t(160))).toEqual({ documentId: ids[1], workspaceId, attempts: 1 });
    expect(await db.repos.knowledgeJobs.claim("w3", t(100), t(160))).toBeUndefined();

    expect(await db.repos.knowledgeJobs.renew(ids[0], "w2", t(200))).toBe(false);
    expect(await db.repos.knowledgeJobs.renew(ids[0], "w1", t(200))).toBe(true);
    await db.repos.knowledgeJobs.finish(ids[0], "w2", "failed", t(101));
    await db.repos.knowledgeJobs.finish(ids[0], "w1", "done", t(101));
    const row = await db.handle.db.selectFrom("knowledge_jobs").selectAll().where("document_id", "=", ids[0]).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: "done", lease_owner: null, lease_expires_at: null });
    // Done is done: nothing to claim, even long after.
    await db.repos.knowledgeJobs.finish(ids[1], "w2", "failed", t(102));
    expect(await db.repos.knowledgeJobs.claim("w3", t(10_000), t(10_060))).toBeUndefined();
  });

  it("lets another worker take over a job whose lease expired; the old owner can no longer renew or finish it", async () => {
    const { ids } = await queue(1);
    const id = ids[0];
    expect((await db.repos.knowledgeJobs.claim("crashed", t(100), t(130)))?.documentId).toBe(id);
    expect(await db.repos.knowledgeJobs.claim("w2", t(129), t(190))).toBeUndefined();
    expect(await db.repos.knowledgeJobs.claim("w2", t(130), t(190))).toMatchObject({ documentId: id, attempts: 2 });
    expect(await db.repos.knowledgeJobs.renew(id, "crashed", t(300))).toBe(false);
    await db.repos.knowledgeJobs.finish(id, "crashed", "done", t(131));
    expect(
      (await db.handle.db.selectFrom("knowledge_jobs").select(["state", "lease_owner"]).where("document_id", "=", id).executeTakeFirstOrThrow()).lease_owner,
    ).toBe("w2");
  });

  it("requeues on enqueue (re-index): attempts reset, lease dropped, back of the line", async () => {
    const { workspaceId, ids } = await queue(2);
    const [a, b] = ids;
    await db.repos.knowledgeJobs.claim("w1", t(100), t(160));
    await db.repos.knowledgeJobs.enqueue(a, workspaceId, t(101));
    expect(await db.repos.knowledgeJobs.renew(a, "w1", t(200))).toBe(false);
    expect((await db.repos.knowledgeJobs.claim("w2", t(102), t(160)))?.documentId).toBe(b);
    expect(await db.repos.knowledgeJobs.claim("w2", t(102), t(160))).toMatchObject({ documentId: a, attempts: 1 });
  });

  it("release gives a job back at once without counting the attempt", async () => {
    const { ids } = await queue(1);
    await db.repos.knowledgeJobs.claim("w1", t(100), t(160));
    await db.repos.knowledgeJobs.release(ids[0], "someone-else", t(101));
    expect(await db.repos.knowledgeJobs.claim("w2", t(101), t(160))).toBeUndefined();
    await db.repos.knowledgeJobs.release(ids[0], "w1", t(101));
    expect(await db.repos.knowledgeJobs.claim("w2", t(101), t(160))).toMatchObject({ documentId: ids[0], attempts: 1 });
  });

  it("is fair between workspaces: the one with fewer running jobs goes first, whatever the age", async () => {
    const big = await queue(5, 0);
    await queue(2, 50);
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      const job = await db.repos.knowledgeJobs.claim(`w${i}`, t(100), t(200));
      order.push(job?.workspaceId === big.workspaceId ? "big" : "small");
    }
    // Alternates while both have work, although every job of `big` is older.
    expect(order).toEqual(["big", "small", "big", "small", "big", "big"]);
  });

  it("never gives one job to two concurrent claimers", async () => {
    const { ids } = await queue(20);
    // Separate connections, so the claims really race on PostgreSQL.
    const handles = Array.from({ length: 4 }, () => openDatabase(db.url));
    try {
      const claimers = handles.map((h) => createRepositories(h.db, h.dialect).knowledgeJobs);
      const claimed: string[] = [];
      await Promise.all(
        claimers.flatMap((jobs, c) =>
          Array.from({ length: 8 }, async (_, i) => {
            const job = await jobs.claim(`c${c}-${i}`, t(100), t(200));
            if (job) claimed.push(job.documentId);
          }),
        ),
      );
      // 32 attempts for 20 jobs: each job exactly once, and every job taken.
      expect(new Set(claimed).size).toBe(claimed.length);
      expect([...claimed].sort()).toEqual([...ids].sort());
      const owners = await db.handle.db
        .selectFrom("knowledge_jobs")
        .select(["document_id", "lease_owner", "attempts"])
        .where("document_id", "in", ids)
        .execute();
      expect(owners.every((o) => o.lease_owner !== null && Number(o.attempts) === 1)).toBe(true);
    } finally {
      await Promise.all(handles.map((h) => h.close()));
    }
  });
});
