import type { Kysely, Migration } from "kysely";

/**
 * Long-term memory: memory stores per workspace and their nodes (short facts). A store is
 * small (at most a thousand nodes), so recall ranks its nodes in memory instead of keeping a
 * full-text index; the index below serves listing a store's nodes in order.
 */
export const memory: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("memories")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
      .addColumn("description", "text", (c) => c.notNull())
      .addColumn("created_by", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("memories_workspace_created").on("memories").columns(["workspace_id", "created_at"]).execute();

    await db.schema
      .createTable("memory_nodes")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("memory_id", "text", (c) => c.notNull().references("memories.id").onDelete("cascade"))
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("content", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("memory_nodes_memory_created").on("memory_nodes").columns(["memory_id", "created_at"]).execute();
  },
};
