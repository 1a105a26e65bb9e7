import type { PageRequest, Policy, User, UserRepository } from "@appstudio/core";
import { type Kysely, type Selectable, sql } from "kysely";
import { conflictOnDuplicate } from "../dialects/errors.js";
import type { Database, UsersTable } from "../schema.js";
import { bool, int, json, likePattern, page } from "./row-helpers.js";

const toUser = (row: Selectable<UsersTable>): User => ({
  id: row.id,
  loginName: row.login_name,
  displayName: row.display_name,
  isMain: bool(row.is_main),
  disabled: bool(row.disabled),
  policies: json<Policy[]>(row.policies),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export class KyselyUserRepository implements UserRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(user: User & { passwordHash: string }) {
    await conflictOnDuplicate(
      () =>
        this.db
          .insertInto("users")
          .values({
            id: user.id,
            login_name: user.loginName,
            display_name: user.displayName,
            password_hash: user.passwordHash,
            is_main: int(user.isMain),
            disabled: int(user.disabled),
            policies: JSON.stringify(user.policies),
            created_at: user.createdAt,
            updated_at: user.updatedAt,
          })
          .execute(),
      `A user with login name '${user.loginName}' already exists.`,
    );
  }

  async findById(id: string) {
    const row = await this.db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
    return row && toUser(row);
  }

  async findByLoginName(loginName: string) {
    const row = await this.db.selectFrom("users").selectAll().where("login_name", "=", loginName).executeTakeFirst();
    return row && { ...toUser(row), passwordHash: row.password_hash };
  }

  async findMain() {
    const row = await this.db.selectFrom("users").selectAll().where("is_main", "=", 1).executeTakeFirst();
    return row && toUser(row);
  }

  async list(query: PageRequest & { search?: string }) {
    let q = this.db.selectFrom("users");
    if (query.search) {
      const pattern = likePattern(query.search);
      q = q.where((eb) => eb.or([sql<boolean>`lower(login_name) like ${pattern} escape '\\'`, sql<boolean>`lower(display_name) like ${pattern} escape '\\'`]));
    }
    const [rows, count] = await Promise.all([
      q.selectAll().orderBy("created_at").orderBy("id").limit(query.limit).offset(query.offset).execute(),
      q.select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow(),
    ]);
    return page(rows.map(toUser), count.n, query);
  }

  async update(id: string, patch: Partial<Pick<User, "displayName" | "disabled" | "policies">> & { passwordHash?: string }) {
    await this.db
      .updateTable("users")
      .set({
        ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
        ...(patch.disabled !== undefined ? { disabled: int(patch.disabled) } : {}),
        ...(patch.policies !== undefined ? { policies: JSON.stringify(patch.policies) } : {}),
        ...(patch.passwordHash !== undefined ? { password_hash: patch.passwordHash } : {}),
        updated_at: new Date().toISOString(),
      })
      .where("id", "=", id)
      .execute();
  }

  async delete(id: string) {
    await this.db.deleteFrom("users").where("id", "=", id).execute();
  }
}
