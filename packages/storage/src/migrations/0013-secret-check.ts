import type { Kysely, Migration } from "kysely";

/**
 * Settings every server process on this database must agree on, stored by the first start:
 * `secret_check` (a value sealed with the master key, so a process with another key refuses
 * to start instead of failing every provider call) and `regions`.
 */
export const secretCheck: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("instance_settings")
      .addColumn("name", "text", (c) => c.primaryKey())
      .addColumn("value", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable("instance_settings").execute();
  },
};
