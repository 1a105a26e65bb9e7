import type { AccessToken, AccessTokenRepository } from "@appstudio/core";
import type { Kysely, Selectable } from "kysely";
import { conflictOnDuplicate } from "../dialects/errors.js";
import type { AccessTokensTable, Database } from "../schema.js";

const toToken = (row: Selectable<AccessTokensTable>): AccessToken => ({
  id: row.id,
  userId: row.user_id,
  name: row.name,
  prefix: row.prefix,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  lastUsedAt: row.last_used_at,
});

export class KyselyAccessTokenRepository implements AccessTokenRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(token: AccessToken & { secretHash: string }) {
    await conflictOnDuplicate(
      () =>
        this.db
          .insertInto("access_tokens")
          .values({
            id: token.id,
            user_id: token.userId,
            name: token.name,
            secret_hash: token.secretHash,
            prefix: token.prefix,
            created_at: token.createdAt,
            expires_at: token.expiresAt,
            last_used_at: token.lastUsedAt,
          })
          .execute(),
      "An access token with this id or secret already exists.",
    );
  }

  async findByHash(secretHash: string) {
    const row = await this.db.selectFrom("access_tokens").selectAll().where("secret_hash", "=", secretHash).executeTakeFirst();
    return row && toToken(row);
  }

  async listForUser(userId: string) {
    const rows = await this.db.selectFrom("access_tokens").selectAll().where("user_id", "=", userId).orderBy("created_at").execute();
    return rows.map(toToken);
  }

  async touch(id: string, at: string) {
    await this.db.updateTable("access_tokens").set({ last_used_at: at }).where("id", "=", id).execute();
  }

  async delete(id: string) {
    await this.db.deleteFrom("access_tokens").where("id", "=", id).execute();
  }

  async deleteForUser(userId: string) {
    await this.db.deleteFrom("access_tokens").where("user_id", "=", userId).execute();
  }
}
