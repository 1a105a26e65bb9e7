import type { CallLogEntry, CallLogQuery, CallLogRepository, CallStatsBucket, CallStatsQuery } from "@appstudio/core";
import { type ExpressionBuilder, type Kysely, type Selectable, sql } from "kysely";
import { storableRow } from "../dialects/storable-text-plugin.js";
import type { CallLogsTable, Database } from "../schema.js";
import { bool, int, int32, page } from "./row-helpers.js";

/** Rows per INSERT: far below both dialects' bound-parameter limits (18 columns each). */
const INSERT_CHUNK = 100;

const toEntry = (row: Selectable<CallLogsTable>): CallLogEntry => ({
  requestId: row.request_id,
  appId: row.app_id,
  workspaceId: row.workspace_id,
  apiKeyId: row.api_key_id,
  userId: row.user_id,
  source: row.source as CallLogEntry["source"],
  status: Number(row.status),
  errorCode: row.error_code,
  latencyMs: Number(row.latency_ms),
  inputTokens: Number(row.input_tokens),
  outputTokens: Number(row.output_tokens),
  streamed: bool(Number(row.streamed)),
  sessionId: row.session_id,
  startedAt: row.started_at,
  prompt: row.prompt,
  answer: row.answer,
  clientIp: row.client_ip,
  keyPrefix: row.key_prefix,
});

const toRow = (e: CallLogEntry): CallLogsTable => ({
  request_id: e.requestId,
  app_id: e.appId,
  workspace_id: e.workspaceId,
  api_key_id: e.apiKeyId,
  user_id: e.userId,
  source: e.source,
  status: int32(e.status),
  error_code: e.errorCode,
  latency_ms: int32(Math.round(e.latencyMs)),
  input_tokens: int32(e.inputTokens),
  output_tokens: int32(e.outputTokens),
  streamed: int(e.streamed),
  session_id: e.sessionId,
  started_at: e.startedAt,
  prompt: e.prompt,
  answer: e.answer,
  client_ip: e.clientIp,
  key_prefix: e.keyPrefix,
});

type LogExpression = ExpressionBuilder<Database, "call_logs">;

/** The one definition of a failed call, shared by the status filter and the error counts. */
const failed = (eb: LogExpression) => eb.or([eb("status", ">=", 400), eb("error_code", "is not", null)]);

/** Characters of the ISO timestamp that name the bucket: `2024-05-01T10` or `2024-05-01`. */
const BUCKET = { hour: { length: 13, suffix: ":00:00.000Z" }, day: { length: 10, suffix: "T00:00:00.000Z" } } as const;

export class KyselyCallLogRepository implements CallLogRepository {
  /** For the batched insert, whose strings are made storable row by row (see `storableRow`). */
  private readonly unplugged: Kysely<Database>;

  constructor(private readonly db: Kysely<Database>) {
    this.unplugged = db.withoutPlugins();
  }

  async insertMany(entries: CallLogEntry[]) {
    for (let i = 0; i < entries.length; i += INSERT_CHUNK) {
      const rows = entries.slice(i, i + INSERT_CHUNK).map((entry) => storableRow(toRow(entry)));
      // A retried flush or a duplicate request ID must not sink the whole batch.
      await this.unplugged
        .insertInto("call_logs")
        .values(rows)
        .onConflict((oc) => oc.column("request_id").doNothing())
        .execute();
    }
  }

  async list(query: CallLogQuery) {
    if (query.workspaceIds?.length === 0) return page<CallLogEntry>([], 0, query);
    let q = this.filtered(query);
    if (query.apiKeyId) q = q.where("api_key_id", "=", query.apiKeyId);
    if (query.source) q = q.where("source", "=", query.source);
    if (query.status === "error") q = q.where(failed);
    if (query.status === "success") q = q.where((eb) => eb.not(failed(eb)));
    const [rows, count] = await Promise.all([
      q.selectAll().orderBy("started_at", "desc").orderBy("request_id", "desc").limit(query.limit).offset(query.offset).execute(),
      q.select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow(),
    ]);
    return page(rows.map(toEntry), count.n, query);
  }

  async find(requestId: string) {
    const row = await this.db.selectFrom("call_logs").selectAll().where("request_id", "=", requestId).executeTakeFirst();
    return row && toEntry(row);
  }

  /**
   * Buckets by a prefix of the ISO text timestamp: the same SQL on both dialects, and exact
   * because every stored timestamp is `toISOString()` output (UTC, fixed width).
   */
  async stats(query: CallStatsQuery): Promise<CallStatsBucket[]> {
    if (query.workspaceIds?.length === 0) return [];
    const { length, suffix } = BUCKET[query.bucket];
    const bucket = sql<string>`substr(started_at, 1, ${sql.lit(length)})`;
    const rows = await this.filtered(query)
      .select((eb) => [
        bucket.as("bucket"),
        "app_id",
        eb.fn.countAll().as("calls"),
        eb.fn.sum<number>(eb.case().when(failed(eb)).then(1).else(0).end()).as("errors"),
        eb.fn.sum<number>("input_tokens").as("input_tokens"),
        eb.fn.sum<number>("output_tokens").as("output_tokens"),
      ])
      .groupBy([bucket, "app_id"])
      .orderBy(bucket)
      .orderBy("app_id")
      .execute();
    return rows.map((r) => ({
      start: `${r.bucket}${suffix}`,
      appId: r.app_id,
      calls: Number(r.calls),
      errors: Number(r.errors ?? 0),
      inputTokens: Number(r.input_tokens ?? 0),
      outputTokens: Number(r.output_tokens ?? 0),
    }));
  }

  async purgeBefore(cutoff: string) {
    const result = await this.db.deleteFrom("call_logs").where("started_at", "<", cutoff).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async purgeContentBefore(cutoff: string) {
    const result = await this.db
      .updateTable("call_logs")
      .set({ prompt: null, answer: null })
      .where("started_at", "<", cutoff)
      .where((eb) => eb.or([eb("prompt", "is not", null), eb("answer", "is not", null)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** The filters list and stats share: workspaces, app and time range. */
  private filtered(query: { workspaceIds?: string[]; appId?: string; from?: string; to?: string }) {
    let q = this.db.selectFrom("call_logs");
    if (query.workspaceIds) q = q.where("workspace_id", "in", query.workspaceIds);
    if (query.appId) q = q.where("app_id", "=", query.appId);
    if (query.from) q = q.where("started_at", ">=", query.from);
    if (query.to) q = q.where("started_at", "<=", query.to);
    return q;
  }
}
