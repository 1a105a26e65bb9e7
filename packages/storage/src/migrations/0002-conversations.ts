import type { Kysely, Migration } from "kysely";

/** Server-kept conversation history behind `session_id`. Rounds are JSON text, newest last. */
export const conversations: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("conversations")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("app_id", "text", (c) => c.notNull())
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("rounds", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addColumn("expires_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("conversations_expiry").on("conversations").column("expires_at").execute();
  },
};
