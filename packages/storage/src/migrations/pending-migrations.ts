import { type Kysely, Migrator } from "kysely";
import type { Database } from "../schema.js";
import { migrations } from "./index.js";

/** Names of the migrations the database has not applied yet, in order (none when up to date). */
export async function pendingMigrations(db: Kysely<Database>): Promise<string[]> {
  const all = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
