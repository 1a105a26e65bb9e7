import type { DocumentFormat, DocumentQuery, DocumentStatus, KnowledgeDocument, KnowledgeDocumentRepository, MetadataValue } from "@appstudio/core";
import { type Kysely, type Selectable, sql } from "kysely";
import type { DialectName } from "../dialects/create-database.js";
import type { Database, KnowledgeDocumentsTable } from "../schema.js";
import { deleteDocumentsWhere } from "./knowledge-cascade.js";
import { json, likePattern, page } from "./row-helpers.js";

const toDocument = (row: Selectable<KnowledgeDocumentsTable>): KnowledgeDocument => ({
  id: row.id,
  knowledgeBaseId: row.knowledge_base_id,
  workspaceId: row.workspace_id,
  name: row.name,
  format: row.format as DocumentFormat,
  sizeBytes: Number(row.size_bytes),
  sha256: row.sha256,
  tags: json<string[]>(row.tags),
  metadata: json<Record<string, MetadataValue>>(row.metadata),
  status: row.status as DocumentStatus,
  error: row.error,
  pageCount: row.page_count === null ? null : Number(row.page_count),
  chunkCount: Number(row.chunk_count),
  createdBy: row.created_by,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export class KyselyKnowledgeDocumentRepository implements KnowledgeDocumentRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName = "sqlite",
  ) {}

  async create(document: KnowledgeDocument, content: Uint8Array) {
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto("knowledge_documents")
        .values({
          id: document.id,
          knowledge_base_id: document.knowledgeBaseId,
          workspace_id: document.workspaceId,
          name: document.name,
          format: document.format,
          size_bytes: document.sizeBytes,
          sha256: document.sha256,
          tags: JSON.stringify(document.tags),
          metadata: JSON.stringify(document.metadata),
          status: document.status,
          error: document.error,
          page_count: document.pageCount,
          chunk_count: document.chunkCount,
          created_by: document.createdBy,
          created_at: document.createdAt,
          updated_at: document.updatedAt,
        })
        .execute();
      // Buffer: both drivers bind it as binary (blob / bytea).
      await tx
        .insertInto("knowledge_document_files")
        .values({ document_id: document.id, content: Buffer.from(content.buffer, content.byteOffset, content.byteLength) })
        .execute();
      await tx
        .insertInto("knowledge_jobs")
        .values({
          document_id: document.id,
          workspace_id: document.workspaceId,
          state: "queued",
          attempts: 0,
          lease_owner: null,
          lease_expires_at: null,
          created_at: document.createdAt,
          updated_at: document.createdAt,
        })
        .execute();
    });
  }

  async find(workspaceId: string, id: string) {
    const row = await this.db.selectFrom("knowledge_documents").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", id).executeTakeFirst();
    return row && toDocument(row);
  }

  async workspaceOf(id: string) {
    const row = await this.db.selectFrom("knowledge_documents").select("workspace_id").where("id", "=", id).executeTakeFirst();
    return row?.workspace_id;
  }

  async list(query: DocumentQuery) {
    let q = this.db.selectFrom("knowledge_documents").where("workspace_id", "=", query.workspaceId).where("knowledge_base_id", "=", query.knowledgeBaseId);
    if (query.status) q = q.where("status", "=", query.status);
    if (query.name) q = q.where(sql<boolean>`lower(name) like ${likePattern(query.name)} escape '\\'`);
    if (query.tag) q = q.where(this.hasTag(query.tag));
    const rows = await q
      .selectAll()
      .select(sql<number>`count(*) over ()`.as("total"))
      .orderBy("created_at", "desc")
      .orderBy("id")
      .limit(query.limit)
      .offset(query.offset)
      .execute();
    let total: number | string | bigint = rows[0]?.total ?? 0;
    if (rows.length === 0 && query.offset > 0) total = (await q.select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n;
    return page(
      rows.map(({ total: _total, ...row }) => toDocument(row)),
      total,
      query,
    );
  }

  /** The document's tags (a JSON array in text) hold this exact tag. */
  private hasTag(tag: string) {
    return this.dialect === "postgres"
      ? sql<boolean>`jsonb_exists(tags::jsonb, ${tag})`
      : sql<boolean>`exists (select 1 from json_each(knowledge_documents.tags) where json_each.value = ${tag})`;
  }

  async readContent(workspaceId: string, id: string) {
    const row = await this.db
      .selectFrom("knowledge_document_files as f")
      .innerJoin("knowledge_documents as d", "d.id", "f.document_id")
      .select("f.content")
      .where("d.workspace_id", "=", workspaceId)
      .where("d.id", "=", id)
      .executeTakeFirst();
    return row ? new Uint8Array(row.content) : undefined;
  }

  async update(workspaceId: string, id: string, patch: { tags?: string[]; metadata?: Record<string, MetadataValue>; updatedAt: string }) {
    await this.db
      .updateTable("knowledge_documents")
      .set({
        ...(patch.tags !== undefined ? { tags: JSON.stringify(patch.tags) } : {}),
        ...(patch.metadata !== undefined ? { metadata: JSON.stringify(patch.metadata) } : {}),
        updated_at: patch.updatedAt,
      })
      .where("workspace_id", "=", workspaceId)
      .where("id", "=", id)
      .execute();
  }

  async setStatus(id: string, status: DocumentStatus, extra: { error?: string | null; pageCount?: number | null; chunkCount?: number; updatedAt: string }) {
    await this.db
      .updateTable("knowledge_documents")
      .set({
        status,
        ...(extra.error !== undefined ? { error: extra.error } : {}),
        ...(extra.pageCount !== undefined ? { page_count: extra.pageCount } : {}),
        ...(extra.chunkCount !== undefined ? { chunk_count: extra.chunkCount } : {}),
        updated_at: extra.updatedAt,
      })
      .where("id", "=", id)
      .execute();
  }

  async delete(workspaceId: string, id: string) {
    await this.db.transaction().execute((tx) => deleteDocumentsWhere(tx, workspaceId, { documentId: id }));
  }
}
