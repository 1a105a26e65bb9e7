import type { ConversationRepository, ConversationRound } from "@appstudio/core";
import type { Kysely } from "kysely";
import type { DialectName } from "../dialects/create-database.js";
import type { Database } from "../schema.js";
import { json } from "./row-helpers.js";

export class KyselyConversationRepository implements ConversationRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

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
   * PostgreSQL the row lock of `for update` does it).
   */
  async appendRound(
    session: { id: string; appId: string; workspaceId: string },
    round: ConversationRound,
    options: { maxRounds: number; now: string; expiresAt: string },
  ) {
    // Most calls open a new conversation: one INSERT does it. Only when the row exists does the
    // read-modify-write below run.
    const inserted = await this.db
      .insertInto("conversations")
      .values({ id: session.id, app_id: session.appId, workspace_id: session.workspaceId, rounds: JSON.stringify([round]), updated_at: options.now, expires_at: options.expiresAt })
      .onConflict((oc) => oc.column("id").doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0) return;
    await this.db.transaction().execute(async (tx) => {
      let query = tx.selectFrom("conversations").select(["rounds", "expires_at", "app_id", "workspace_id"]).where("id", "=", session.id);
      if (this.dialect === "postgres") query = query.forUpdate();
      const row = await query.executeTakeFirst();
      // An expired conversation (not yet purged) or one of another app starts afresh, as reading does.
      const current = row && row.expires_at > options.now && row.app_id === session.appId && row.workspace_id === session.workspaceId;
      const rounds = [...(current ? json<ConversationRound[]>(row.rounds) : []), round].slice(-options.maxRounds);
      if (row) {
        await tx
          .updateTable("conversations")
          .set({ rounds: JSON.stringify(rounds), app_id: session.appId, workspace_id: session.workspaceId, updated_at: options.now, expires_at: options.expiresAt })
          .where("id", "=", session.id)
          .execute();
      } else {
        await tx
          .insertInto("conversations")
          .values({ id: session.id, app_id: session.appId, workspace_id: session.workspaceId, rounds: JSON.stringify(rounds), updated_at: options.now, expires_at: options.expiresAt })
          .onConflict((oc) => oc.column("id").doUpdateSet({ rounds: JSON.stringify(rounds), updated_at: options.now, expires_at: options.expiresAt }))
          .execute();
      }
    });
  }

  async purgeExpired(now: string) {
    const result = await this.db.deleteFrom("conversations").where("expires_at", "<=", now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
