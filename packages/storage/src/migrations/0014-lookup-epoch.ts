import { type Kysely, type Migration, PostgresAdapter, sql } from "kysely";

/**
 * One counter that every change to what the app API's caller check reads moves forward: an API
 * key's secret, state or allowlists, an app, a workspace (updated or deleted). Processes cache
 * those lookups and read only this counter per call (`AppCallLookups`), so a key disabled by
 * any process (server, CLI, a second worker) is refused by every process on its next call.
 * Triggers, not repository code, move it: every write path is covered, raw SQL and cascades too.
 * New rows need no trigger: lookups that found nothing are not cached. `last_used_at` (written as
 * calls arrive) is left out on purpose.
 */
const watched = [
  { table: "api_keys", columns: "workspace_id, secret_hash, prefix, disabled, ip_allowlist, app_allowlist, scope" },
  { table: "apps", columns: null },
  { table: "app_versions", columns: null },
  { table: "workspaces", columns: null },
] as const;

export const lookupEpoch: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable("lookup_epoch")
      .addColumn("id", "integer", (c) => c.primaryKey())
      .addColumn("epoch", "bigint", (c) => c.notNull())
      .execute();
    await db.insertInto("lookup_epoch").values({ id: 1, epoch: 0 }).execute();
    const postgres = isPostgres(db);
    if (postgres) {
      await sql`create function appstudio_bump_lookup_epoch() returns trigger language plpgsql as $$
        begin update lookup_epoch set epoch = epoch + 1 where id = 1; return null; end $$`.execute(db);
    }
    for (const { table, columns } of watched) {
      const update = columns ? `update of ${columns}` : "update";
      if (postgres) {
        await sql
          .raw(`create trigger ${table}_lookup_epoch after ${update} or delete on ${table} for each statement execute procedure appstudio_bump_lookup_epoch()`)
          .execute(db);
      } else {
        for (const [name, event] of [
          ["update", update],
          ["delete", "delete"],
        ]) {
          await sql
            .raw(`create trigger ${table}_lookup_epoch_${name} after ${event} on ${table} begin update lookup_epoch set epoch = epoch + 1 where id = 1; end`)
            .execute(db);
        }
      }
    }
  },
  async down(db: Kysely<any>) {
    const postgres = isPostgres(db);
    for (const { table } of watched) {
      if (postgres) await sql.raw(`drop trigger if exists ${table}_lookup_epoch on ${table}`).execute(db);
      else for (const name of ["update", "delete"]) await sql.raw(`drop trigger if exists ${table}_lookup_epoch_${name}`).execute(db);
    }
    if (postgres) await sql`drop function if exists appstudio_bump_lookup_epoch()`.execute(db);
    await db.schema.dropTable("lookup_epoch").execute();
  },
};

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;
