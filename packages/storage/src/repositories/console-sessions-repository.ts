import type { ConsoleSessionRepository } from "@appstudio/core";
import type { Kysely } from "kysely";
import { conflictOnDuplicate } from "../dialects/errors.js";
import type { Database } from "../schema.js";

export class KyselyConsoleSessionRepository implements ConsoleSessionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(session: { idHash: string; userId: string; createdAt: string; expiresAt: string }) {
    await conflictOnDuplicate(
      () =>
        this.db
          .insertInto("console_sessions")
          .values({ id_hash: session.idHash, user_id: session.userId, created_at: session.createdAt, expires_at: session.expiresAt })
          .execute(),
      "This console session already exists.",
    );
  }

  async find(idHash: string) {
    const row = await this.db.selectFrom("console_sessions").select(["user_id", "expires_at"]).where("id_hash", "=", idHash).executeTakeFirst();
    return row && { userId: row.user_id, expiresAt: row.expires_at };
  }

  async extend(idHash: string, expiresAt: string) {
    await this.db.updateTable("console_sessions").set({ expires_at: expiresAt }).where("id_hash", "=", idHash).execute();
  }

  async delete(idHash: string) {
    await this.db.deleteFrom("console_sessions").where("id_hash", "=", idHash).execute();
  }

  async deleteForUser(userId: string) {
    await this.db.deleteFrom("console_sessions").where("user_id", "=", userId).execute();
  }

  async purgeExpired(now: string) {
    const result = await this.db.deleteFrom("console_sessions").where("expires_at", "<=", now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
