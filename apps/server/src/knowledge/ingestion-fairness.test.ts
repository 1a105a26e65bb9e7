import { randomBytes } from "node:crypto";
import type { IngestJob, IngestOutcome, KnowledgeDocument, Repositories } from "@appstudio/core";
import { createRepositories, type DatabaseHandle, type DialectName, migrateToLatest, openDatabase } from "@appstudio/storage";
import { createTestDatabase, type TestDatabase, testDialects } from "@appstudio/storage/testing";
import { afterEach, describe, expect, it } from "vitest";
import { IngestionRunner } from "./ingestion-runner.js";

const silent = { info() {}, warn() {}, error() {} };

/** A fresh database of the dialect, migrated, behind the real repositories. */
async function migratedRepositories(dialect: DialectName) {
  const database: TestDatabase = await createTestDatabase(dialect);
  const handle: DatabaseHandle = openDatabase(database.url);
  await migrateToLatest(handle.db);
  return {
    repos: createRepositories(handle.db, handle.dialect),
    async close() {
      await handle.close();
      await database.drop();
    },
  };
}

/** A workspace with one knowledge base, and a way to upload documents into it (row, bytes, queued job). */
async function workspaceWithKnowledgeBase(repos: Repositories, name: string) {
  const at = new Date().toISOString();
  const workspaceId = `ws-${randomBytes(8).toString("hex")}`;
  await repos.workspaces.create({ id: workspaceId, name, region: "local", isDefault: false, createdAt: at, updatedAt: at });
  const knowledgeBaseId = randomBytes(5).toString("hex");
  await repos.knowledgeBases.create({
    id: knowledgeBaseId,
    workspaceId,
    name: `kb-${name}`,
    description: "",
    chunking: { chunkTokens: 200, overlapTokens: 0 },
    embeddingModel: null,
    rerankModel: null,
    createdBy: "u-1",
    createdAt: at,
    updatedAt: at,
  });
  return {
    workspaceId,
    async upload(): Promise<string> {
      const now = new Date().toISOString();
      const document: KnowledgeDocument = {
        id: `file_${randomBytes(16).toString("hex")}`,
        knowledgeBaseId,
        workspaceId,
        name: "doc.txt",
        format: "text",
        sizeBytes: 5,
        sha256: "0".repeat(64),
        tags: [],
        metadata: {},
        status: "queued",
        error: null,
        pageCount: null,
        chunkCount: 0,
        createdBy: "u-1",
        createdAt: now,
        updatedAt: now,
      };
      await repos.knowledgeDocuments.create(document, new TextEncoder().encode("hello"));
      return document.id;
    },
  };
}

describe.each(testDialects())("ingestion fairness between workspaces (%s)", (dialect) => {
  let db: Awaited<ReturnType<typeof migratedRepositories>>;
  let runner: IngestionRunner | undefined;
  afterEach(async () => {
    await runner?.stop();
    await db?.close();
  });

  it("runs a workspace's single document before most of another workspace's twenty queued ahead of it", async () => {
    db = await migratedRepositories(dialect);
    const a = await workspaceWithKnowledgeBase(db.repos, "a");
    const b = await workspaceWithKnowledgeBase(db.repos, "b");
    const aDocuments: string[] = [];
    for (let i = 0; i < 20; i++) aDocuments.push(await a.upload());
    const bDocument = await b.upload();

    const finished: string[] = [];
    let allDone: () => void;
    const done = new Promise<void>((resolve) => (allDone = resolve));
    runner = new IngestionRunner({
      jobs: db.repos.knowledgeJobs,
      async run(job: IngestJob): Promise<IngestOutcome> {
        // Some real work per job (a write), so jobs overlap the way they do in the server.
        await db.repos.knowledgeDocuments.setStatus(job.documentId, "parsing", { updatedAt: new Date().toISOString() });
        finished.push(job.documentId);
        if (finished.length === 21) allDone();
        return { status: "ready", chunkCount: 0, pageCount: null };
      },
      giveUp: async () => {},
      concurrency: 2,
      leaseMs: 60_000,
      pollIntervalMs: 60_000,
      maxAttempts: 3,
      owner: "fairness-test",
      logger: silent,
    });
    runner.start();
    await done;

    expect(new Set(finished).size).toBe(21);
    // First come, first served would run it last (index 20). With A holding a running job and
    // B none, B's job is the next claimed: second, or at worst just after the first pair.
    expect(finished.indexOf(bDocument)).toBeLessThan(4);
    expect(finished.filter((id) => aDocuments.includes(id))).toHaveLength(20);
  });
});
