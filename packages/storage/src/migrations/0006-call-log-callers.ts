import type { Kysely, Migration } from "kysely";

/**
 * Who called, also for calls refused before a key or workspace was known (a bad key, an
 * invalid body): the client address and the display prefix of the presented key.
 */
export const callLogCallers: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable("call_logs").addColumn("client_ip", "text").execute();
    await db.schema.alterTable("call_logs").addColumn("key_prefix", "text").execute();
  },
};
