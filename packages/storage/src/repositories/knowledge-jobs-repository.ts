import type { KnowledgeJobRepository } from "@appstudio/core";
import { type Kysely, sql } from "kysely";
import type { DialectName } from "../dialects/create-database.js";
import type { Database } from "../schema.js";

interface ClaimedRow {
  document_id: string;
  workspace_id: string;
  attempts: number | string;
}

/**
 * The ingestion queue in the database (single-node mode, and scale-out without Redis). States:
 * queued → running (leased to one owner until `lease_expires_at`) → done | failed. A running
 * job whose lease expired is claimable again, so a worker killed mid-job is taken over.
 * `attempts` counts claims, this one included; `release` gives one back.
 */
export class KyselyKnowledgeJobRepository implements KnowledgeJobRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName = "sqlite",
  ) {}

  async enqueue(documentId: string, workspaceId: string, at: string) {
    // A requeued job goes to the back of the line and loses any lease: a worker still running it
    // finds out at its next renew or finish (both check the owner) and its result is not kept.
    const queued = { state: "queued", attempts: 0, lease_owner: null, lease_expires_at: null, created_at: at, updated_at: at };
    await this.db
      .insertInto("knowledge_jobs")
      .values({ document_id: documentId, workspace_id: workspaceId, ...queued })
      .onConflict((oc) => oc.column("document_id").doUpdateSet(queued))
      .execute();
  }

  /**
   * One statement, so two claimers can never take the same job: SQLite runs one writer at a
   * time, and on PostgreSQL `FOR UPDATE SKIP LOCKED` makes concurrent claimers pass over a row
   * another is taking. Fairness: the workspace with the fewest live leases goes first, then
   * the oldest job.
   */
  async claim(owner: string, now: string, leaseExpiresAt: string) {
    const claimable = sql`(j.state = 'queued' or (j.state = 'running' and j.lease_expires_at <= ${now}))`;
    const lock = this.dialect === "postgres" ? sql`for update skip locked` : sql``;
    const result = await sql<ClaimedRow>`
      update knowledge_jobs
      set state = 'running', lease_owner = ${owner}, lease_expires_at = ${leaseExpiresAt}, attempts = attempts + 1, updated_at = ${now}
      where document_id = (
        select j.document_id from knowledge_jobs j
        where ${claimable}
        order by
          (select count(*) from knowledge_jobs r where r.workspace_id = j.workspace_id and r.state = 'running' and r.lease_expires_at > ${now}),
          j.created_at, j.document_id
        limit 1
        ${lock}
      )
      and (state = 'queued' or (state = 'running' and lease_expires_at <= ${now}))
      returning document_id, workspace_id, attempts`.execute(this.db);
    const row = result.rows[0];
    return row && { documentId: row.document_id, workspaceId: row.workspace_id, attempts: Number(row.attempts) };
  }

  async renew(documentId: string, owner: string, leaseExpiresAt: string) {
    const result = await this.db
      .updateTable("knowledge_jobs")
      .set({ lease_expires_at: leaseExpiresAt })
      .where("document_id", "=", documentId)
      .where("state", "=", "running")
      .where("lease_owner", "=", owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async finish(documentId: string, owner: string, state: "done" | "failed", at: string) {
    await this.db
      .updateTable("knowledge_jobs")
      .set({ state, lease_owner: null, lease_expires_at: null, updated_at: at })
      .where("document_id", "=", documentId)
      .where("state", "=", "running")
      .where("lease_owner", "=", owner)
      .execute();
  }

  async release(documentId: string, owner: string, at: string) {
    await this.db
      .updateTable("knowledge_jobs")
      .set({
        state: "queued",
        lease_owner: null,
        lease_expires_at: null,
        attempts: sql<number>`case when attempts > 0 then attempts - 1 else 0 end`,
        updated_at: at,
      })
      .where("document_id", "=", documentId)
      .where("state", "=", "running")
      .where("lease_owner", "=", owner)
      .execute();
  }
}
