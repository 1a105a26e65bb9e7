import type { NodeRunError, WorkflowNodeRun, WorkflowRun, WorkflowRunQuery, WorkflowRunRepository } from "@appstudio/core";
import type { Kysely, Selectable } from "kysely";
import { BulkUpsert } from "../dialects/bulk-upsert.js";
import type { Database, WorkflowNodeRunsTable, WorkflowRunsTable } from "../schema.js";
import { groupCommit } from "./group-commit.js";
import { int32, page } from "./row-helpers.js";

/** Largest JSON text kept per value; a bigger one is replaced by a marker and a prefix. */
export const MAX_STORED_JSON_CHARS = 256 * 1024;

function toJson(value: unknown): string {
  const text = JSON.stringify(value ?? null);
  if (text.length <= MAX_STORED_JSON_CHARS) return text;
  return JSON.stringify({ truncated: true, chars: text.length, preview: text.slice(0, 4096) });
}

const fromJson = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

const runRow = (r: WorkflowRun): WorkflowRunsTable => ({
  id: r.id,
  request_id: r.requestId,
  app_id: r.appId,
  workspace_id: r.workspaceId,
  app_version: r.appVersion,
  source: r.source,
  session_id: r.sessionId,
  status: r.status,
  inputs: toJson(r.inputs),
  outputs: r.outputs === null ? null : toJson(r.outputs),
  error: r.error === null ? null : JSON.stringify(r.error),
  input_tokens: int32(r.inputTokens),
  output_tokens: int32(r.outputTokens),
  started_at: r.startedAt,
  finished_at: r.finishedAt,
  duration_ms: r.durationMs === null ? null : int32(Math.round(r.durationMs)),
});

const toRun = (row: Selectable<WorkflowRunsTable>): WorkflowRun => ({
  id: row.id,
  requestId: row.request_id,
  appId: row.app_id,
  workspaceId: row.workspace_id,
  appVersion: row.app_version === null ? null : Number(row.app_version),
  source: row.source as WorkflowRun["source"],
  sessionId: row.session_id,
  status: row.status as WorkflowRun["status"],
  inputs: fromJson<Record<string, unknown>>(row.inputs) ?? {},
  outputs: fromJson(row.outputs),
  error: fromJson<NodeRunError>(row.error),
  inputTokens: Number(row.input_tokens),
  outputTokens: Number(row.output_tokens),
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  durationMs: row.duration_ms === null ? null : Number(row.duration_ms),
});

const nodeRow = (n: WorkflowNodeRun): WorkflowNodeRunsTable => ({
  id: n.id,
  run_id: n.runId,
  seq: n.seq,
  node_id: n.nodeId,
  node_type: n.nodeType,
  node_name: n.nodeName,
  parent_node_id: n.parentNodeId,
  iteration_index: n.iterationIndex,
  status: n.status,
  attempts: n.attempts,
  inputs: toJson(n.inputs),
  outputs: n.outputs === null ? null : toJson(n.outputs),
  branch: n.branch,
  error: n.error === null ? null : JSON.stringify(n.error),
  model: n.model,
  input_tokens: int32(n.inputTokens),
  output_tokens: int32(n.outputTokens),
  started_at: n.startedAt,
  finished_at: n.finishedAt,
  duration_ms: n.durationMs === null ? null : int32(Math.round(n.durationMs)),
});

const runColumns: (keyof WorkflowRunsTable)[] = [
  "id",
  "request_id",
  "app_id",
  "workspace_id",
  "app_version",
  "source",
  "session_id",
  "status",
  "inputs",
  "outputs",
  "error",
  "input_tokens",
  "output_tokens",
  "started_at",
  "finished_at",
  "duration_ms",
];
const nodeColumns: (keyof WorkflowNodeRunsTable)[] = [
  "id",
  "run_id",
  "seq",
  "node_id",
  "node_type",
  "node_name",
  "parent_node_id",
  "iteration_index",
  "status",
  "attempts",
  "inputs",
  "outputs",
  "branch",
  "error",
  "model",
  "input_tokens",
  "output_tokens",
  "started_at",
  "finished_at",
  "duration_ms",
];

const toNodeRun = (row: Selectable<WorkflowNodeRunsTable>): WorkflowNodeRun => ({
  id: row.id,
  runId: row.run_id,
  seq: Number(row.seq),
  nodeId: row.node_id,
  nodeType: row.node_type,
  nodeName: row.node_name,
  parentNodeId: row.parent_node_id,
  iterationIndex: row.iteration_index === null ? null : Number(row.iteration_index),
  status: row.status as WorkflowNodeRun["status"],
  attempts: Number(row.attempts),
  inputs: fromJson<Record<string, unknown>>(row.inputs) ?? {},
  outputs: fromJson(row.outputs),
  branch: row.branch,
  error: fromJson<NodeRunError>(row.error),
  model: row.model,
  inputTokens: Number(row.input_tokens),
  outputTokens: Number(row.output_tokens),
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  durationMs: row.duration_ms === null ? null : Number(row.duration_ms),
});

type RecordRow = { table: "workflow_runs"; row: WorkflowRunsTable } | { table: "workflow_node_runs"; row: WorkflowNodeRunsTable };

/** The newest row of each ID, in first-seen order (one upsert statement may not touch a row twice). */
function newestById<T extends { id: string }>(rows: T[]): T[] {
  const byId = new Map<string, T>();
  for (const row of rows) byId.set(row.id, row);
  return [...byId.values()];
}

/**
 * Upserts by primary key: the engine writes a row when something starts and again when it ends.
 * Rows saved in the same turn of the event loop (the run recorder hands over everything it has
 * queued at once) are written in one transaction, as one upsert per table: on SQLite a commit
 * per row capped recorded runs at ~380/s.
 */
export class KyselyWorkflowRunRepository implements WorkflowRunRepository {
  private readonly write = groupCommit(async (records: RecordRow[]) => {
    await this.writeRows(records);
    return records.map(() => undefined);
  }, 500);

  // Per repository: the SQL they keep is of this database's dialect.
  private readonly runUpsert = new BulkUpsert("workflow_runs", runColumns);
  private readonly nodeUpsert = new BulkUpsert("workflow_node_runs", nodeColumns);

  constructor(private readonly db: Kysely<Database>) {}

  saveRun(run: WorkflowRun): Promise<void> {
    return this.write({ table: "workflow_runs", row: runRow(run) });
  }

  saveNodeRun(nodeRun: WorkflowNodeRun): Promise<void> {
    return this.write({ table: "workflow_node_runs", row: nodeRow(nodeRun) });
  }

  private async writeRows(records: RecordRow[]): Promise<void> {
    const runs = newestById(records.flatMap((r) => (r.table === "workflow_runs" ? [r.row] : [])));
    const nodes = newestById(records.flatMap((r) => (r.table === "workflow_node_runs" ? [r.row] : [])));
    const upsert = async (db: Kysely<Database>) => {
      // Runs first: their node rows may arrive in the same batch.
      if (runs.length > 0) await this.runUpsert.run(db, runs as unknown as Record<string, unknown>[]);
      if (nodes.length > 0) await this.nodeUpsert.run(db, nodes as unknown as Record<string, unknown>[]);
    };
    // One commit for the whole batch (on SQLite the commit is the expensive part).
    await this.db.transaction().execute(upsert);
  }

  async findRun(id: string) {
    const row = await this.db.selectFrom("workflow_runs").selectAll().where("id", "=", id).executeTakeFirst();
    return row && toRun(row);
  }

  async listRuns(query: WorkflowRunQuery) {
    let q = this.db.selectFrom("workflow_runs").where("app_id", "=", query.appId);
    if (query.status) q = q.where("status", "=", query.status);
    if (query.requestId) q = q.where("request_id", "=", query.requestId);
    const [rows, count] = await Promise.all([
      q.selectAll().orderBy("started_at", "desc").orderBy("id", "desc").limit(query.limit).offset(query.offset).execute(),
      q.select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow(),
    ]);
    return page(rows.map(toRun), count.n, query);
  }

  async listNodeRuns(runId: string) {
    const rows = await this.db.selectFrom("workflow_node_runs").selectAll().where("run_id", "=", runId).orderBy("seq").execute();
    return rows.map(toNodeRun);
  }
}
