import type { Kysely, Migration } from "kysely";

/**
 * Workflow runs and their node runs, written as they happen. No foreign keys, like the call
 * log they link to by request ID: a run stays inspectable after its app is deleted, and the
 * engine's ordered writes never wait on a lock of the apps table.
 */
export const workflowRuns: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("workflow_runs")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("request_id", "text", (c) => c.notNull())
      .addColumn("app_id", "text", (c) => c.notNull())
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("app_version", "integer")
      .addColumn("source", "text", (c) => c.notNull())
      .addColumn("session_id", "text")
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("inputs", "text", (c) => c.notNull())
      .addColumn("outputs", "text")
      .addColumn("error", "text")
      .addColumn("input_tokens", "integer", (c) => c.notNull())
      .addColumn("output_tokens", "integer", (c) => c.notNull())
      .addColumn("started_at", "text", (c) => c.notNull())
      .addColumn("finished_at", "text")
      .addColumn("duration_ms", "integer")
      .execute();
    await db.schema.createIndex("workflow_runs_app_started").on("workflow_runs").columns(["app_id", "started_at"]).execute();
    await db.schema.createIndex("workflow_runs_request").on("workflow_runs").column("request_id").execute();

    await db.schema
      .createTable("workflow_node_runs")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("run_id", "text", (c) => c.notNull())
      .addColumn("seq", "integer", (c) => c.notNull())
      .addColumn("node_id", "text", (c) => c.notNull())
      .addColumn("node_type", "text", (c) => c.notNull())
      .addColumn("node_name", "text", (c) => c.notNull())
      .addColumn("parent_node_id", "text")
      .addColumn("iteration_index", "integer")
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("attempts", "integer", (c) => c.notNull())
      .addColumn("inputs", "text", (c) => c.notNull())
      .addColumn("outputs", "text")
      .addColumn("branch", "text")
      .addColumn("error", "text")
      .addColumn("model", "text")
      .addColumn("input_tokens", "integer", (c) => c.notNull())
      .addColumn("output_tokens", "integer", (c) => c.notNull())
      .addColumn("started_at", "text", (c) => c.notNull())
      .addColumn("finished_at", "text")
      .addColumn("duration_ms", "integer")
      .execute();
    await db.schema.createIndex("workflow_node_runs_run").on("workflow_node_runs").columns(["run_id", "seq"]).execute();
  },
};
