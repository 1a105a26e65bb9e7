import type { Kysely } from "kysely";
import type { Database } from "../schema.js";

/**
 * Settings every server process on one database must share (`instance_settings`). The first
 * process to start writes them; the primary key decides between processes starting together.
 */
export class KyselyInstanceSettingsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async get(name: string): Promise<string | undefined> {
    const row = await this.db.selectFrom("instance_settings").select("value").where("name", "=", name).executeTakeFirst();
    return row?.value;
  }

  /** Stores `value` unless the setting exists, and returns what is stored (this value, or the one that won). */
  async putIfAbsent(name: string, value: string): Promise<string> {
    await this.db
      .insertInto("instance_settings")
      .values({ name, value, updated_at: new Date().toISOString() })
      .onConflict((c) => c.column("name").doNothing())
      .execute();
    return (await this.get(name)) ?? value;
  }

  async put(name: string, value: string): Promise<void> {
    const updated_at = new Date().toISOString();
    await this.db
      .insertInto("instance_settings")
      .values({ name, value, updated_at })
      .onConflict((c) => c.column("name").doUpdateSet({ value, updated_at }))
      .execute();
  }

  /** Whether any secret is stored sealed with the master key, and one of them to try opening. */
  async anySealedSecret(): Promise<string | undefined> {
    const provider = await this.db.selectFrom("model_providers").select("api_key_sealed").where("api_key_sealed", "is not", null).limit(1).executeTakeFirst();
    if (provider?.api_key_sealed) return provider.api_key_sealed;
    const accessKey = await this.db.selectFrom("access_keys").select("secret_sealed").limit(1).executeTakeFirst();
    if (accessKey) return accessKey.secret_sealed;
    const mcp = await this.db.selectFrom("mcp_services").select("headers_sealed").where("headers_sealed", "is not", null).limit(1).executeTakeFirst();
    return mcp?.headers_sealed ?? undefined;
  }
}
