import { type Kysely, type Migration, PostgresAdapter } from "kysely";

/**
 * AccessKeys for Alibaba Cloud's signed OpenAPI, the nonces seen within the clock-skew window
 * (replay protection shared by every server process), and stable int64 numbers for API keys
 * (ModelStudio's `apiKeyId` is an integer, ours are strings).
 */
export const accessKeys: Migration = {
  async up(db: Kysely<any>) {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    await db.schema
      .createTable("access_keys")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
      // Sealed (AES-256-GCM), not hashed: checking an HMAC signature needs the secret itself.
      .addColumn("secret_sealed", "text", (c) => c.notNull())
      .addColumn("disabled", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("last_used_at", "text")
      .execute();
    await db.schema.createIndex("access_keys_user").on("access_keys").column("user_id").execute();

    await db.schema
      .createTable("acs_nonces")
      .addColumn("access_key_id", "text", (c) => c.notNull())
      .addColumn("nonce", "text", (c) => c.notNull())
      .addColumn("expires_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("acs_nonces_pk", ["access_key_id", "nonce"])
      .execute();
    await db.schema.createIndex("acs_nonces_expiry").on("acs_nonces").column("expires_at").execute();

    await db.schema
      .createTable("api_key_numbers")
      .addColumn("number", postgres ? "bigserial" : "integer", (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn("api_key_id", "text", (c) => c.notNull().unique().references("api_keys.id").onDelete("cascade"))
      .execute();
  },
};
