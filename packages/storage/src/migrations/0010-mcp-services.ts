import type { Kysely, Migration } from "kysely";

/** A workspace's MCP services; header values (credentials) only in sealed (AES-GCM) form. */
export const mcpServices: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("mcp_services")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("workspace_id", "text", (c) => c.notNull().references("workspaces.id").onDelete("cascade"))
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("description", "text", (c) => c.notNull())
      .addColumn("url", "text", (c) => c.notNull())
      .addColumn("transport", "text", (c) => c.notNull())
      .addColumn("header_names", "text", (c) => c.notNull())
      .addColumn("headers_sealed", "text")
      .addColumn("allowed_tools", "text", (c) => c.notNull())
      .addColumn("timeout_ms", "integer", (c) => c.notNull())
      .addColumn("created_by", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("mcp_services_workspace_name").on("mcp_services").columns(["workspace_id", "name"]).unique().execute();
  },
};
