import { type Kysely, sql } from "kysely";
import type { Database } from "../schema.js";

/** One round trip to the database (no table needed): for start-up and readiness checks. */
export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}
