import { type ConversationRepository, type ConversationRound, storableText } from "@appstudio/core";
import type { Insertable, Kysely } from "kysely";
import type { DialectName } from "../dialects/create-database.js";
import { storableRow } from "../dialects/storable-text-plugin.js";
import type { Database } from "../schema.js";
import { groupCommit } from "./group-commit.js";
import { json } from "./row-helpers.js";

type NewConversation = Insertable<Database["conversations"]>;

export class KyselyConversationRepository implements ConversationRepository {
  /** New conversations of concurrent calls are inserted together (one commit); see `groupCommit`. */
  private readonly insertNew = groupCommit((rows: NewConversation[]) => this.insertMany(rows));

  /** For the grouped insert, whose strings are made storable row by row (see `storableRow`). */
  private readonly unplugged: Kysely<Database>;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {
    this.unplugged = db.withoutPlugins();
  }

  async find(id: string) {
    const row = await this.db.selectFrom("conversations").selectAll().where("id", "=", id).executeTakeFirst();
    return (
      row && {
        id: row.id,
        appId: row.app_id,
        workspaceId: row.workspace_id,
        rounds: json<ConversationRound[]>(row.rounds),
        updatedAt: row.updated_at,
        expiresAt: row.expires_at,
      }
    );
  }

  /**
   * Read-modify-write in one transaction. Two concurrent turns of one session are rare (a client
   * waits for an answer before asking again); if they race, both rounds are still kept because
   * the second transaction re-reads after the first commits (SQLite serialises writers; on
   * PostgreSQL the row lock of `for update` does it). A row of another app or workspace is
   * never written: the caller gets `false` and the owner keeps the conversation.
   */
  async appendRound(
    session: { id: string; appId: string; workspaceId: string },
    round: ConversationRound,
    options: { maxRounds: number; now: string; expiresAt: string },
  ) {
    // Most calls open a new conversation: one INSERT does it. Only when the row exists does the
    // read-modify-write below run.
    const values = { id: session.id, app_id: session.appId, workspace_id: session.workspaceId, updated_at: options.now, expires_at: options.expiresAt };
    if (await this.insertNew({ ...values, rounds: JSON.stringify([round]) })) return true;
    return this.db.transaction().execute(async (tx) => {
      let query = tx.selectFrom("conversations").select(["rounds", "expires_at", "app_id", "workspace_id"]).where("id", "=", session.id);
      if (this.dialect === "postgres") query = query.forUpdate();
      const row = await query.executeTakeFirst();
      if (row && (row.app_id !== session.appId || row.workspace_id !== session.workspaceId)) return false;
      // The owner's expired conversation (not yet purged) starts afresh, as reading does.
      const current = row !== undefined && row.expires_at > options.now;
      const rounds = JSON.stringify([...(current ? json<ConversationRound[]>(row.rounds) : []), round].slice(-options.maxRounds));
      if (row) {
        await tx.updateTable("conversations").set({ rounds, updated_at: options.now, expires_at: options.expiresAt }).where("id", "=", session.id).execute();
        return true;
      }
      // Purged between the insert above and this read: recreate it, unless someone else just did.
      const recreated = await tx
        .insertInto("conversations")
        .values({ ...values, rounds })
        .onConflict((oc) => oc.column("id").doNothing())
        .executeTakeFirst();
      return Number(recreated.numInsertedOrUpdatedRows ?? 0n) > 0;
    });
  }

  /**
   * Inserts the conversations that do not exist yet; true for each row inserted. A second row
   * with an ID already in the batch is left out (false), so its caller appends to the first.
   */
  private async insertMany(rows: NewConversation[]): Promise<boolean[]> {
    const ids = new Set<string>();
    const fresh = new Set(rows.filter((row) => !ids.has(row.id) && ids.add(row.id)));
    const inserted = await this.unplugged
      .insertInto("conversations")
      .values([...fresh].map(storableRow))
      .onConflict((oc) => oc.column("id").doNothing())
      .returning("id")
      .execute();
    const insertedIds = new Set(inserted.map((r) => r.id));
    // The database returns the IDs as stored (storable text), so compare them in that form.
    return rows.map((row) => fresh.has(row) && insertedIds.has(storableText(row.id)));
  }

  async purgeExpired(now: string) {
    const result = await this.db.deleteFrom("conversations").where("expires_at", "<=", now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
