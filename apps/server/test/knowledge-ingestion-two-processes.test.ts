import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FakeModelServer, startFakeModelServer } from "@appstudio/core/testing";
import { createTestDatabase, type TestDatabase } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminTokenOf, indexedInLog, listAllChunks, longMarkdown, manageClient, waitForIngestion } from "./support/ingestion.js";
import { type ServerProcess, startServerProcess } from "./support/server-process.js";

const PASSWORD = "two-process-ingestion";
const redisUrl = process.env.TEST_REDIS_URL;

/**
 * Scale-out ingestion: two server processes on one database and one Redis, one job at a time
 * each. Documents uploaded to the first are dispatched through BullMQ to whichever is free, and
 * each is ingested exactly once. (PostgreSQL in CI; a shared SQLite file without TEST_DATABASE_URL.)
 */
describe.runIf(Boolean(redisUrl))("knowledge ingestion across two processes (Redis)", () => {
  const dialect = process.env.TEST_DATABASE_URL ? "postgres" : "sqlite";
  const dataDirs = [mkdtempSync(join(tmpdir(), "appstudio-ka-")), mkdtempSync(join(tmpdir(), "appstudio-kb-"))];
  let db: TestDatabase;
  let model: FakeModelServer;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    model = await startFakeModelServer({ embeddingDelayMs: 400 });
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: redisUrl!,
      APPSTUDIO_ADMIN_PASSWORD: PASSWORD,
      APPSTUDIO_MASTER_KEY: "a-shared-master-key-for-both-processes-000",
      APPSTUDIO_PROVIDERS: JSON.stringify([{ name: "fake", baseUrl: model.url, models: ["*"] }]),
      APPSTUDIO_KNOWLEDGE_CONCURRENCY: "1",
    };
    a = await startServerProcess({ ...env, APPSTUDIO_DATA_DIR: dataDirs[0]! });
    b = await startServerProcess({ ...env, APPSTUDIO_DATA_DIR: dataDirs[1]! });
  }, 90_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await model?.close();
    await db?.drop();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  it("ingests each document uploaded to one process exactly once, in either process", async () => {
    const client = manageClient(a.url, await adminTokenOf(a.url, PASSWORD));
    const workspaceId = (await client.call("GET", "/workspaces")).body.items[0].id;
    const kb = await client.call("POST", "/knowledge-bases", {
      workspaceId,
      name: "shared",
      embeddingModel: "fake-embedding",
      chunking: { chunkTokens: 50, overlapTokens: 0 },
    });
    expect(kb.status, JSON.stringify(kb.body)).toBe(201);
    const files = Array.from({ length: 4 }, (_, i) => ({ name: `doc-${i}.md`, content: longMarkdown(`Document ${i}`, 8) }));
    expect((await client.upload(kb.body.id, files)).status).toBe(201);

    const documents = await waitForIngestion(client, kb.body.id, 60_000);
    const ids = [...documents.values()].map((d) => d.id).sort();
    for (const d of documents.values()) expect(d, d.name).toMatchObject({ status: "ready", error: null });

    const byA = indexedInLog(a.output());
    const byB = indexedInLog(b.output());
    // Exactly once: every document indexed by one process, none by both, none twice.
    expect([...byA, ...byB].sort()).toEqual(ids);
    // The first process was busy (one job at a time): the second took work it was handed.
    expect(byA.length).toBeGreaterThan(0);
    expect(byB.length).toBeGreaterThan(0);

    // Nothing was embedded twice either.
    const embeddedTexts = model.requests.filter((r) => r.path === "/v1/embeddings").reduce((n, r) => n + (r.body.input as string[]).length, 0);
    expect(embeddedTexts).toBe([...documents.values()].reduce((n, d) => n + d.chunkCount, 0));
    for (const d of documents.values()) {
      const chunks = await listAllChunks(manageClient(b.url, await adminTokenOf(b.url, PASSWORD)), d.id);
      expect(chunks.map((c) => c.seq)).toEqual(chunks.map((_, i) => i));
    }
  }, 90_000);
});
