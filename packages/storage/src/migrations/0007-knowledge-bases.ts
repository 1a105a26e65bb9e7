import { type Kysely, type Migration, PostgresAdapter, sql } from "kysely";

/**
 * Knowledge bases, their documents (with the original bytes, so any process can re-index
 * without a shared disk), chunks, and one ingestion job per document. Search structures
 * (full-text index, vectors) come in their own migration.
 */
export const knowledgeBases: Migration = {
  async up(db: Kysely<any>) {
    const binary = db.getExecutor().adapter instanceof PostgresAdapter ? "bytea" : "blob";
    await db.schema
      .createTable("knowledge_bases")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("description", "text", (c) => c.notNull())
      .addColumn("chunk_tokens", "integer", (c) => c.notNull())
      .addColumn("overlap_tokens", "integer", (c) => c.notNull())
      .addColumn("embedding_model", "text")
      .addColumn("rerank_model", "text")
      .addColumn("created_by", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("knowledge_bases_workspace_name").on("knowledge_bases").columns(["workspace_id", "name"]).unique().execute();

    await db.schema
      .createTable("knowledge_documents")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("knowledge_base_id", "text", (c) => c.notNull().references("knowledge_bases.id").onDelete("cascade"))
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("format", "text", (c) => c.notNull())
      .addColumn("size_bytes", "integer", (c) => c.notNull())
      .addColumn("sha256", "text", (c) => c.notNull())
      .addColumn("tags", "text", (c) => c.notNull())
      .addColumn("metadata", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("error", "text")
      .addColumn("page_count", "integer")
      .addColumn("chunk_count", "integer", (c) => c.notNull())
      .addColumn("created_by", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("knowledge_documents_kb").on("knowledge_documents").columns(["knowledge_base_id", "created_at"]).execute();

    await db.schema
      .createTable("knowledge_document_files")
      .addColumn("document_id", "text", (c) => c.primaryKey().references("knowledge_documents.id").onDelete("cascade"))
      .addColumn("content", sql.raw(binary), (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("knowledge_chunks")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("document_id", "text", (c) => c.notNull().references("knowledge_documents.id").onDelete("cascade"))
      .addColumn("knowledge_base_id", "text", (c) => c.notNull())
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("seq", "integer", (c) => c.notNull())
      .addColumn("text", "text", (c) => c.notNull())
      .addColumn("heading_path", "text", (c) => c.notNull())
      .addColumn("page", "integer")
      .addColumn("token_count", "integer", (c) => c.notNull())
      .addColumn("enabled", "integer", (c) => c.notNull())
      .addColumn("edited", "integer", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
    // One row per (document, position): re-running an interrupted ingestion can never duplicate chunks.
    await db.schema.createIndex("knowledge_chunks_document_seq").on("knowledge_chunks").columns(["document_id", "seq"]).unique().execute();
    await db.schema.createIndex("knowledge_chunks_kb").on("knowledge_chunks").column("knowledge_base_id").execute();

    await db.schema
      .createTable("knowledge_jobs")
      .addColumn("document_id", "text", (c) => c.primaryKey().references("knowledge_documents.id").onDelete("cascade"))
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("attempts", "integer", (c) => c.notNull())
      .addColumn("lease_owner", "text")
      .addColumn("lease_expires_at", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("knowledge_jobs_state").on("knowledge_jobs").columns(["state", "created_at"]).execute();
  },
};
