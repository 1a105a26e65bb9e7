import type { Kysely, Migration } from "kysely";

/** Model providers added through the management API; the API key only in sealed (AES-GCM) form. */
export const modelProviders: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("model_providers")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull().unique())
      .addColumn("base_url", "text", (c) => c.notNull())
      .addColumn("api_key_sealed", "text")
      .addColumn("models", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addColumn("created_by", "text")
      .execute();
  },
};
