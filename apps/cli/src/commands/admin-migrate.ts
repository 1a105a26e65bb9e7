import type { Command } from "@commander-js/extra-typings";
import type { CliContext } from "../cli-context.js";
import { CliError, ExitCode } from "../exit-codes.js";
import { examples } from "../help.js";
import { databaseOptions, withDatabase } from "./admin-database.js";

/**
 * `admin migrate [--dry-run]`: the same forward-only migrations the server runs on start, for
 * upgrades done before starting the new version (or to see what it would change).
 */
export function addMigrateCommand(admin: Command, ctx: CliContext): void {
  databaseOptions(admin.command("migrate").description("Apply pending database migrations (the server also applies them when it starts)"))
    .option("--dry-run", "list the pending migrations and change nothing")
    .addHelpText(
      "after",
      examples("appstudio admin migrate --dry-run", "appstudio admin migrate", "DATABASE_URL=postgres://appstudio@db/appstudio appstudio admin migrate"),
    )
    .action(async (opts) => {
      const { migrateToLatest, migrationStatus, MigrationError } = await import("@appstudio/storage");
      await withDatabase(ctx, opts, async ({ database }) => {
        const status = await migrationStatus(database.db);
        const total = status.applied.length + status.pending.length;
        if (status.unknown.length > 0) {
          throw new CliError(
            `the database was upgraded by a newer version of appstudio (unknown migrations: ${status.unknown.join(", ")})`,
            ExitCode.Rejected,
            "migrations are forward-only: run that newer version, or restore a backup taken before the upgrade",
          );
        }
        if (opts.dryRun) {
          if (status.pending.length === 0) ctx.output.success(`Database is up to date (${database.dialect}, ${total} migrations); nothing to apply`);
          else {
            ctx.output.info(`${status.pending.length} pending migration(s) on ${database.dialect} (${status.applied.length} of ${total} applied):`);
            for (const name of status.pending) ctx.output.print(name);
          }
          return;
        }
        try {
          const applied = await migrateToLatest(database.db, database.dialect);
          for (const name of applied) ctx.output.info(`applied ${name}`);
        } catch (e) {
          if (e instanceof MigrationError) throw new CliError(e.message, ExitCode.Error);
          throw e;
        }
        ctx.output.success(`Database is up to date (${database.dialect}, ${total} migrations)`);
      });
    });
}
