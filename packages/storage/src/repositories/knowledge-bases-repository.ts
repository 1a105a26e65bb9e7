import { documentStatuses, type KnowledgeBase, type KnowledgeBaseRepository } from "@appstudio/core";
import { type Kysely, sql } from "kysely";
import { conflictOnDuplicate } from "../dialects/errors.js";
import type { Database, KnowledgeBasesTable } from "../schema.js";
import { deleteDocumentsWhere } from "./knowledge-cascade.js";
import { likePattern, page } from "./row-helpers.js";

/** Statuses of a document whose ingestion has not ended: its knowledge base is `indexing`. */
const PENDING = documentStatuses.filter((s) => s !== "ready" && s !== "failed");

/** A knowledge base row with the counts `withStats()` adds (counts arrive as bigint or text on PostgreSQL). */
type BaseRow = KnowledgeBasesTable & {
  document_count: number | string | bigint;
  chunk_count: number | string | bigint;
  pending_count: number | string | bigint;
};

function toKnowledgeBase(row: BaseRow): KnowledgeBase {
  const documentCount = Number(row.document_count);
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    description: row.description,
    chunking: { chunkTokens: Number(row.chunk_tokens), overlapTokens: Number(row.overlap_tokens) },
    embeddingModel: row.embedding_model,
    rerankModel: row.rerank_model,
    documentCount,
    chunkCount: Number(row.chunk_count),
    status: documentCount === 0 ? "empty" : Number(row.pending_count) > 0 ? "indexing" : "ready",
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class KyselyKnowledgeBaseRepository implements KnowledgeBaseRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Knowledge bases with their counts and status, computed in the same query: one indexed
   * lookup per row on knowledge_documents(knowledge_base_id), so a page costs one round trip.
   */
  private withStats() {
    return this.db
      .selectFrom("knowledge_bases as kb")
      .selectAll("kb")
      .select([
        sql<number>`(select count(*) from knowledge_documents d where d.knowledge_base_id = kb.id)`.as("document_count"),
        sql<number>`(select coalesce(sum(d.chunk_count), 0) from knowledge_documents d where d.knowledge_base_id = kb.id)`.as("chunk_count"),
        sql<number>`(select count(*) from knowledge_documents d where d.knowledge_base_id = kb.id and d.status in (${sql.join(PENDING)}))`.as("pending_count"),
      ]);
  }

  async create(kb: Omit<KnowledgeBase, "documentCount" | "chunkCount" | "status">) {
    await conflictOnDuplicate(
      () =>
        this.db
          .insertInto("knowledge_bases")
          .values({
            id: kb.id,
            workspace_id: kb.workspaceId,
            name: kb.name,
            description: kb.description,
            chunk_tokens: kb.chunking.chunkTokens,
            overlap_tokens: kb.chunking.overlapTokens,
            embedding_model: kb.embeddingModel,
            rerank_model: kb.rerankModel,
            created_by: kb.createdBy,
            created_at: kb.createdAt,
            updated_at: kb.updatedAt,
          })
          .execute(),
      `A knowledge base named '${kb.name}' already exists in this workspace.`,
    );
  }

  async find(workspaceId: string, id: string) {
    const row = await this.withStats().where("kb.workspace_id", "=", workspaceId).where("kb.id", "=", id).executeTakeFirst();
    return row && toKnowledgeBase(row);
  }

  async findByName(workspaceId: string, name: string) {
    const row = await this.withStats().where("kb.workspace_id", "=", workspaceId).where("kb.name", "=", name).executeTakeFirst();
    return row && toKnowledgeBase(row);
  }

  async workspaceOf(id: string) {
    const row = await this.db.selectFrom("knowledge_bases").select("workspace_id").where("id", "=", id).executeTakeFirst();
    return row?.workspace_id;
  }

  async list(query: { workspaceId: string; name?: string; limit: number; offset: number }) {
    let q = this.withStats().where("kb.workspace_id", "=", query.workspaceId);
    if (query.name) q = q.where(sql<boolean>`lower(kb.name) like ${likePattern(query.name)} escape '\\'`);
    const rows = await q
      .select(sql<number>`count(*) over ()`.as("total"))
      .orderBy("kb.created_at", "desc")
      .orderBy("kb.id")
      .limit(query.limit)
      .offset(query.offset)
      .execute();
    // The window count rides along with the rows; only a page past the end needs a second query.
    const total = rows[0]?.total ?? (query.offset === 0 ? 0 : await this.count(query));
    return page(rows.map(toKnowledgeBase), total, query);
  }

  private async count(query: { workspaceId: string; name?: string }) {
    let q = this.db.selectFrom("knowledge_bases as kb").where("kb.workspace_id", "=", query.workspaceId);
    if (query.name) q = q.where(sql<boolean>`lower(kb.name) like ${likePattern(query.name)} escape '\\'`);
    const row = await q.select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async update(
    workspaceId: string,
    id: string,
    patch: Partial<Pick<KnowledgeBase, "name" | "description" | "chunking" | "embeddingModel" | "rerankModel">> & { updatedAt: string },
  ) {
    await conflictOnDuplicate(
      () =>
        this.db
          .updateTable("knowledge_bases")
          .set({
            ...(patch.name !== undefined ? { name: patch.name } : {}),
            ...(patch.description !== undefined ? { description: patch.description } : {}),
            ...(patch.chunking !== undefined ? { chunk_tokens: patch.chunking.chunkTokens, overlap_tokens: patch.chunking.overlapTokens } : {}),
            ...(patch.embeddingModel !== undefined ? { embedding_model: patch.embeddingModel } : {}),
            ...(patch.rerankModel !== undefined ? { rerank_model: patch.rerankModel } : {}),
            updated_at: patch.updatedAt,
          })
          .where("workspace_id", "=", workspaceId)
          .where("id", "=", id)
          .execute(),
      `A knowledge base named '${patch.name ?? ""}' already exists in this workspace.`,
    );
  }

  async delete(workspaceId: string, id: string) {
    await this.db.transaction().execute(async (tx) => {
      const kb = await tx.selectFrom("knowledge_bases").select("id").where("workspace_id", "=", workspaceId).where("id", "=", id).executeTakeFirst();
      if (!kb) return;
      await deleteDocumentsWhere(tx, workspaceId, { knowledgeBaseId: id });
      await tx.deleteFrom("knowledge_bases").where("workspace_id", "=", workspaceId).where("id", "=", id).execute();
    });
  }
}
