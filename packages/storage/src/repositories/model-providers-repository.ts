import type { ModelProviderRecord, ModelProviderRepository } from "@appstudio/core";
import type { Kysely, Selectable } from "kysely";
import { conflictOnDuplicate } from "../dialects/errors.js";
import type { Database, ModelProvidersTable } from "../schema.js";
import { json } from "./row-helpers.js";

const toRecord = (row: Selectable<ModelProvidersTable>): ModelProviderRecord => ({
  id: row.id,
  name: row.name,
  baseUrl: row.base_url,
  apiKeySealed: row.api_key_sealed,
  models: json<string[]>(row.models),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  createdBy: row.created_by,
});

export class KyselyModelProviderRepository implements ModelProviderRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async list() {
    const rows = await this.db.selectFrom("model_providers").selectAll().orderBy("created_at").orderBy("id").execute();
    return rows.map(toRecord);
  }

  async findById(id: string) {
    const row = await this.db.selectFrom("model_providers").selectAll().where("id", "=", id).executeTakeFirst();
    return row && toRecord(row);
  }

  async create(r: ModelProviderRecord) {
    await conflictOnDuplicate(
      () =>
        this.db
          .insertInto("model_providers")
          .values({
            id: r.id,
            name: r.name,
            base_url: r.baseUrl,
            api_key_sealed: r.apiKeySealed,
            models: JSON.stringify(r.models),
            created_at: r.createdAt,
            updated_at: r.updatedAt,
            created_by: r.createdBy,
          })
          .execute(),
      `A model provider named '${r.name}' already exists.`,
    );
  }

  async delete(id: string) {
    const result = await this.db.deleteFrom("model_providers").where("id", "=", id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async count() {
    const row = await this.db
      .selectFrom("model_providers")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
