import type { Kysely, Migration } from "kysely";

/**
 * One row per app call. No foreign keys on purpose: the log outlives deleted apps, keys and
 * workspaces, and a batch insert must never fail because one of them vanished meanwhile.
 */
export const callLogs: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("call_logs")
      .addColumn("request_id", "text", (c) => c.primaryKey())
      .addColumn("app_id", "text")
      .addColumn("workspace_id", "text")
      .addColumn("api_key_id", "text")
      .addColumn("user_id", "text")
      .addColumn("source", "text", (c) => c.notNull())
      .addColumn("status", "integer", (c) => c.notNull())
      .addColumn("error_code", "text")
      .addColumn("latency_ms", "integer", (c) => c.notNull())
      .addColumn("input_tokens", "integer", (c) => c.notNull())
      .addColumn("output_tokens", "integer", (c) => c.notNull())
      .addColumn("streamed", "integer", (c) => c.notNull())
      .addColumn("session_id", "text")
      .addColumn("started_at", "text", (c) => c.notNull())
      .addColumn("prompt", "text")
      .addColumn("answer", "text")
      .execute();
    await db.schema.createIndex("call_logs_workspace_started").on("call_logs").columns(["workspace_id", "started_at"]).execute();
    await db.schema.createIndex("call_logs_app_started").on("call_logs").columns(["app_id", "started_at"]).execute();
    // Retention purges and the unfiltered (global) listing scan by time alone.
    await db.schema.createIndex("call_logs_started").on("call_logs").column("started_at").execute();
  },
};
