import { type ChunkDraft, type ChunkQuery, type KnowledgeChunk, type KnowledgeChunkRepository, type KnowledgeDocument, newChunkId } from "@appstudio/core";
import { type Kysely, type Selectable, sql, type Transaction } from "kysely";
import type { DialectName } from "../dialects/create-database.js";
import type { Database, KnowledgeChunksTable } from "../schema.js";
import { bool, int, json, page } from "./row-helpers.js";

/** Rows per INSERT: 13 columns each stays far below SQLite's and PostgreSQL's bound-parameter limits. */
const INSERT_BATCH = 500;

const toChunk = (row: Selectable<KnowledgeChunksTable>): KnowledgeChunk => ({
  id: row.id,
  documentId: row.document_id,
  knowledgeBaseId: row.knowledge_base_id,
  workspaceId: row.workspace_id,
  seq: Number(row.seq),
  text: row.text,
  headingPath: json<string[]>(row.heading_path),
  page: row.page === null ? null : Number(row.page),
  tokenCount: Number(row.token_count),
  enabled: bool(row.enabled),
  edited: bool(row.edited),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export class KyselyKnowledgeChunkRepository implements KnowledgeChunkRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName = "sqlite",
  ) {}

  async replaceForDocument(document: Pick<KnowledgeDocument, "id" | "knowledgeBaseId" | "workspaceId">, drafts: ChunkDraft[], at: string) {
    return this.db.transaction().execute(async (tx) => {
      // PostgreSQL: two workers replacing one document's chunks take turns (SQLite writes one at a time anyway).
      let q = tx.selectFrom("knowledge_documents").select("id").where("id", "=", document.id).where("workspace_id", "=", document.workspaceId);
      if (this.dialect === "postgres") q = q.forUpdate();
      // Deleted meanwhile: nothing to store.
      if (!(await q.executeTakeFirst())) return [];
      await tx.deleteFrom("knowledge_chunks").where("document_id", "=", document.id).execute();
      const chunks: KnowledgeChunk[] = drafts.map((d) => ({
        id: newChunkId(),
        documentId: document.id,
        knowledgeBaseId: document.knowledgeBaseId,
        workspaceId: document.workspaceId,
        seq: d.seq,
        text: d.text,
        headingPath: d.headingPath,
        page: d.page,
        tokenCount: d.tokenCount,
        enabled: true,
        edited: false,
        createdAt: at,
        updatedAt: at,
      }));
      for (let i = 0; i < chunks.length; i += INSERT_BATCH) {
        await tx
          .insertInto("knowledge_chunks")
          .values(chunks.slice(i, i + INSERT_BATCH).map(toRow))
          .execute();
      }
      await this.recount(tx, document.id);
      return chunks;
    });
  }

  async list(query: ChunkQuery) {
    const q = this.db.selectFrom("knowledge_chunks").where("workspace_id", "=", query.workspaceId).where("document_id", "=", query.documentId);
    const rows = await q.selectAll().select(sql<number>`count(*) over ()`.as("total")).orderBy("seq").limit(query.limit).offset(query.offset).execute();
    let total: number | string | bigint = rows[0]?.total ?? 0;
    if (rows.length === 0 && query.offset > 0) total = (await q.select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n;
    return page(
      rows.map(({ total: _total, ...row }) => toChunk(row)),
      total,
      query,
    );
  }

  async find(workspaceId: string, id: string) {
    const row = await this.db.selectFrom("knowledge_chunks").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", id).executeTakeFirst();
    return row && toChunk(row);
  }

  async workspaceOf(id: string) {
    const row = await this.db.selectFrom("knowledge_chunks").select("workspace_id").where("id", "=", id).executeTakeFirst();
    return row?.workspace_id;
  }

  async update(workspaceId: string, id: string, patch: { text?: string; enabled?: boolean; tokenCount?: number; updatedAt: string }) {
    await this.db
      .updateTable("knowledge_chunks")
      .set({
        ...(patch.text !== undefined ? { text: patch.text, edited: 1 } : {}),
        ...(patch.tokenCount !== undefined ? { token_count: patch.tokenCount } : {}),
        ...(patch.enabled !== undefined ? { enabled: int(patch.enabled) } : {}),
        updated_at: patch.updatedAt,
      })
      .where("workspace_id", "=", workspaceId)
      .where("id", "=", id)
      .execute();
  }

  async delete(workspaceId: string, id: string) {
    await this.db.transaction().execute(async (tx) => {
      const chunk = await tx
        .selectFrom("knowledge_chunks")
        .select("document_id")
        .where("workspace_id", "=", workspaceId)
        .where("id", "=", id)
        .executeTakeFirst();
      if (!chunk) return;
      await tx.deleteFrom("knowledge_chunks").where("id", "=", id).execute();
      await this.recount(tx, chunk.document_id);
    });
  }

  /** The document's chunk count always equals its rows, whoever changed them. */
  private async recount(tx: Transaction<Database>, documentId: string) {
    await tx
      .updateTable("knowledge_documents")
      .set({ chunk_count: sql<number>`(select count(*) from knowledge_chunks c where c.document_id = ${documentId})` })
      .where("id", "=", documentId)
      .execute();
  }
}

const toRow = (c: KnowledgeChunk): KnowledgeChunksTable => ({
  id: c.id,
  document_id: c.documentId,
  knowledge_base_id: c.knowledgeBaseId,
  workspace_id: c.workspaceId,
  seq: c.seq,
  text: c.text,
  heading_path: JSON.stringify(c.headingPath),
  page: c.page,
  token_count: c.tokenCount,
  enabled: int(c.enabled),
  edited: int(c.edited),
  created_at: c.createdAt,
  updated_at: c.updatedAt,
});
