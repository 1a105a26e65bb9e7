import { createHash } from "node:crypto";
import { type MetadataValue, newDocumentId, newKnowledgeBaseId } from "@appstudio/core";
import type { TestServer } from "../../src/testing/index.js";

/** Creates a knowledge base straight in storage (tests of its users, not of its management routes). */
export async function seedKnowledgeBase(
  server: TestServer,
  workspaceId: string,
  name = `kb-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
): Promise<string> {
  const now = new Date().toISOString();
  const id = newKnowledgeBaseId();
  await server.container.core.repos.knowledgeBases.create({
    id,
    workspaceId,
    name,
    description: "",
    chunking: { chunkTokens: 500, overlapTokens: 50 },
    embeddingModel: null,
    rerankModel: null,
    createdBy: "u-test",
    createdAt: now,
    updatedAt: now,
  });
  return id;
}

export interface SeedDocument {
  name: string;
  /** One chunk per entry. */
  chunks: { text: string; page?: number; headingPath?: string[] }[];
  tags?: string[];
  metadata?: Record<string, MetadataValue>;
}

/**
 * A ready document with exactly these chunks, indexed for search. Its ingestion job is removed,
 * so no background runner re-chunks it while the test runs.
 */
export async function seedDocument(server: TestServer, kb: { id: string; workspaceId: string }, doc: SeedDocument): Promise<string> {
  const { repos } = server.container.core;
  const now = new Date().toISOString();
  const content = new TextEncoder().encode(doc.chunks.map((c) => c.text).join("\n\n"));
  const id = newDocumentId();
  await repos.knowledgeDocuments.create(
    {
      id,
      knowledgeBaseId: kb.id,
      workspaceId: kb.workspaceId,
      name: doc.name,
      format: "text",
      sizeBytes: content.length,
      sha256: createHash("sha256").update(content).digest("hex"),
      tags: doc.tags ?? [],
      metadata: doc.metadata ?? {},
      status: "queued",
      error: null,
      pageCount: null,
      chunkCount: 0,
      createdBy: "u-test",
      createdAt: now,
      updatedAt: now,
    },
    content,
  );
  await server.container.database.db.deleteFrom("knowledge_jobs").where("document_id", "=", id).execute();
  const chunks = doc.chunks.map((c, seq) => ({
    seq,
    text: c.text,
    headingPath: c.headingPath ?? [],
    page: c.page ?? null,
    tokenCount: c.text.split(/\s+/).length,
  }));
  await repos.knowledgeChunks.replaceForDocument({ id, knowledgeBaseId: kb.id, workspaceId: kb.workspaceId }, chunks, now);
  await repos.knowledgeDocuments.setStatus(id, "ready", { chunkCount: chunks.length, updatedAt: now });
  return id;
}
