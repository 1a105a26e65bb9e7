import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createChunker, createDocumentParser } from "@appstudio/adapters";
import { type FakeModelServer, startFakeModelServer } from "@appstudio/core/testing";
import { openDatabase } from "@appstudio/storage";
import { createTestDatabase, type TestDatabase, testDialects } from "@appstudio/storage/testing";
import { afterAll, describe, expect, it, vi } from "vitest";
import { startTestServer } from "../src/testing/index.js";
import { adminTokenOf, indexedInLog, listAllChunks, listDocuments, longMarkdown, manageClient, waitForIngestion } from "./support/ingestion.js";
import { type ServerProcess, startServerProcess } from "./support/server-process.js";

const PASSWORD = "crash-test-password";
const CHUNKING = { chunkTokens: 50, overlapTokens: 10 };
const DOCUMENTS = Array.from({ length: 6 }, (_, i) => ({ name: `manual-${i + 1}.md`, content: longMarkdown(`Manual ${i + 1}`, 30) }));

/** What the real parser and chunker make of a file: the chunk count a correct ingestion stores. */
async function expectedChunkCount(content: string): Promise<number> {
  const parsed = await createDocumentParser().parse(new TextEncoder().encode(content), "markdown", {});
  return createChunker().chunk(parsed, CHUNKING).length;
}

/**
 * kill -9 in the middle of ingestion: a real server process is killed while documents are
 * being embedded (the fake model answers `/embeddings` slowly), then started again on the same
 * data. Every document must reach ready, each with exactly the chunks one clean ingestion makes.
 */
describe.each(testDialects())("ingestion after kill -9 (%s)", (dialect) => {
  let db: TestDatabase;
  let model: FakeModelServer;
  const dataDir = mkdtempSync(join(tmpdir(), "appstudio-crash-"));
  const processes: ServerProcess[] = [];

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await model?.close();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("resumes every interrupted document after a restart, without duplicating a chunk", async () => {
    db = await createTestDatabase(dialect);
    model = await startFakeModelServer({ embeddingDelayMs: 1500 });
    const env = {
      DATABASE_URL: db.url,
      APPSTUDIO_DATA_DIR: dataDir,
      APPSTUDIO_ADMIN_PASSWORD: PASSWORD,
      APPSTUDIO_PROVIDERS: JSON.stringify([{ name: "fake", baseUrl: model.url, models: ["*"] }]),
      APPSTUDIO_KNOWLEDGE_CONCURRENCY: "2",
      // The killed process's leases run out this long after it dies.
      APPSTUDIO_KNOWLEDGE_LEASE_SECONDS: "5",
    };
    const first = await startServerProcess(env);
    processes.push(first);
    const token = await adminTokenOf(first.url, PASSWORD);
    let client = manageClient(first.url, token);
    const workspaceId = (await client.call("GET", "/workspaces")).body.items[0].id;
    const kb = await client.call("POST", "/knowledge-bases", { workspaceId, name: "manuals", embeddingModel: "fake-embedding", chunking: CHUNKING });
    expect(kb.status, JSON.stringify(kb.body)).toBe(201);
    const uploaded = await client.upload(kb.body.id, DOCUMENTS);
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);

    // Kill it while documents are being embedded.
    await vi.waitFor(
      async () => {
        const statuses = (await listDocuments(client, kb.body.id)).map((d) => d.status);
        expect(statuses).toContain("embedding");
      },
      { timeout: 20_000, interval: 50 },
    );
    first.child.kill("SIGKILL");
    await new Promise((resolve) => first.child.once("exit", resolve));

    // The database holds interrupted jobs: leased to the dead process, their documents half-way.
    const handle = openDatabase(db.url);
    const jobs = await handle.db.selectFrom("knowledge_jobs").select(["state", "lease_owner"]).execute();
    const documents = await handle.db.selectFrom("knowledge_documents").select(["status"]).execute();
    await handle.close();
    expect(jobs.filter((j) => j.state === "running" && j.lease_owner !== null).length).toBeGreaterThan(0);
    expect(documents.filter((d) => d.status !== "ready").length).toBeGreaterThan(0);

    const second = await startServerProcess(env);
    processes.push(second);
    client = manageClient(second.url, token);
    const after = await waitForIngestion(client, kb.body.id, 60_000);

    for (const file of DOCUMENTS) {
      const document = after.get(file.name);
      expect(document, file.name).toMatchObject({ status: "ready", error: null });
      const chunks = await listAllChunks(client, document!.id);
      const expected = await expectedChunkCount(file.content);
      expect(chunks, file.name).toHaveLength(expected);
      expect(document!.chunkCount).toBe(expected);
      // Unique positions 0..n-1: nothing stored twice, nothing missing.
      expect(chunks.map((c) => c.seq)).toEqual(chunks.map((_, i) => i));
    }
    // The restarted process finished what the killed one had started.
    expect(indexedInLog(second.output()).length).toBeGreaterThan(0);
  }, 120_000);
});

/** A normal stop (SIGTERM, `close()`) gives running jobs back at once, without counting an attempt. */
describe.each(testDialects())("ingestion on a graceful stop (%s)", (dialect) => {
  it("stops mid-ingestion and leaves every job queued for the next start", async () => {
    const model = await startFakeModelServer({ embeddingDelayMs: 1500 });
    const database = await createTestDatabase(dialect);
    try {
      const server = await startTestServer({
        dialect,
        database,
        env: { APPSTUDIO_PROVIDERS: JSON.stringify([{ name: "fake", baseUrl: model.url, models: ["*"] }]), APPSTUDIO_KNOWLEDGE_CONCURRENCY: "2" },
      });
      const client = manageClient(server.url, server.adminToken);
      const workspaceId = (await client.call("GET", "/workspaces")).body.items[0].id;
      const kb = await client.call("POST", "/knowledge-bases", { workspaceId, name: "manuals", embeddingModel: "fake-embedding", chunking: CHUNKING });
      await client.upload(kb.body.id, DOCUMENTS.slice(0, 3));
      await vi.waitFor(async () => expect((await listDocuments(client, kb.body.id)).map((d) => d.status)).toContain("embedding"), {
        timeout: 20_000,
        interval: 50,
      });
      await server.close();

      const handle = openDatabase(database.url);
      const jobs = await handle.db.selectFrom("knowledge_jobs").select(["state", "attempts", "lease_owner"]).execute();
      await handle.close();
      expect(jobs).toHaveLength(3);
      for (const job of jobs) expect(job).toEqual({ state: "queued", attempts: 0, lease_owner: null });
    } finally {
      await model.close();
      await database.drop();
    }
  }, 60_000);
});
