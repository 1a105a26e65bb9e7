import type { Kysely } from "kysely";
import type { Database } from "../schema.js";

/**
 * Stable integer numbers for API keys: ModelStudio's OpenAPI names keys by an int64 `apiKeyId`,
 * ours are strings (`key-…`). A number is given on first use and kept for the key's life;
 * numbers stay far below 2^53, so JavaScript clients read them exactly.
 */
export class KyselyApiKeyNumberRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** apiKeyId -> number, giving numbers to keys that have none yet. */
  async numbersFor(apiKeyIds: readonly string[]): Promise<Map<string, number>> {
    if (apiKeyIds.length === 0) return new Map();
    await this.db
      .insertInto("api_key_numbers")
      .values(apiKeyIds.map((id) => ({ api_key_id: id })))
      .onConflict((oc) => oc.column("api_key_id").doNothing())
      .execute();
    const rows = await this.db.selectFrom("api_key_numbers").select(["api_key_id", "number"]).where("api_key_id", "in", apiKeyIds).execute();
    return new Map(rows.map((r) => [r.api_key_id, Number(r.number)]));
  }

  /** The API key id of a number, if any. */
  async apiKeyIdOf(number: number): Promise<string | undefined> {
    const row = await this.db.selectFrom("api_key_numbers").select("api_key_id").where("number", "=", number).executeTakeFirst();
    return row?.api_key_id;
  }
}
