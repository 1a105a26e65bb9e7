import type { Kysely, Migration } from "kysely";

/**
 * API key scope: `workspace` (every key so far) or `region` (may call apps of every workspace of
 * its region by naming it in X-DashScope-WorkSpace). Existing keys keep their workspace scope.
 */
export const apiKeyScope: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable("api_keys")
      .addColumn("scope", "text", (c) => c.notNull().defaultTo("workspace"))
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable("api_keys").dropColumn("scope").execute();
  },
};
