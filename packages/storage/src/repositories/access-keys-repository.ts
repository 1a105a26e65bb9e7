import type { AccessKey, AccessKeyRecord, AccessKeyRepository } from "@appstudio/core";
import type { Kysely, Selectable } from "kysely";
import { conflictOnDuplicate } from "../dialects/errors.js";
import type { AccessKeysTable, Database } from "../schema.js";

const toRecord = (row: Selectable<AccessKeysTable>): AccessKeyRecord => ({
  id: row.id,
  userId: row.user_id,
  disabled: row.disabled === 1,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  secretSealed: row.secret_sealed,
});

const toKey = (row: Selectable<AccessKeysTable>): AccessKey => {
  const { secretSealed: _, ...key } = toRecord(row);
  return key;
};

export class KyselyAccessKeyRepository implements AccessKeyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(key: AccessKeyRecord) {
    await conflictOnDuplicate(
      () =>
        this.db
          .insertInto("access_keys")
          .values({
            id: key.id,
            user_id: key.userId,
            secret_sealed: key.secretSealed,
            disabled: key.disabled ? 1 : 0,
            created_at: key.createdAt,
            last_used_at: key.lastUsedAt,
          })
          .execute(),
      "An AccessKey with this id already exists.",
    );
  }

  async findById(id: string) {
    const row = await this.db.selectFrom("access_keys").selectAll().where("id", "=", id).executeTakeFirst();
    return row && toRecord(row);
  }

  async listForUser(userId: string) {
    const rows = await this.db.selectFrom("access_keys").selectAll().where("user_id", "=", userId).orderBy("created_at").orderBy("id").execute();
    return rows.map(toKey);
  }

  async setDisabled(id: string, disabled: boolean) {
    await this.db
      .updateTable("access_keys")
      .set({ disabled: disabled ? 1 : 0 })
      .where("id", "=", id)
      .execute();
  }

  async touch(id: string, at: string) {
    await this.db.updateTable("access_keys").set({ last_used_at: at }).where("id", "=", id).execute();
  }

  async delete(id: string) {
    await this.db.deleteFrom("access_keys").where("id", "=", id).execute();
  }
}
