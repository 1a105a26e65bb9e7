import { copyFileSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Command } from "@commander-js/extra-typings";
import type { CliContext } from "../cli-context.js";
import { CliError, ExitCode } from "../exit-codes.js";
import { examples } from "../help.js";
import { databaseOptions, safeDatabaseUrl } from "./admin-database.js";
import { type DatabaseFlags, loadServerConfig } from "./serve.js";

const POSTGRES_HINT = "for PostgreSQL use pg_dump and pg_restore, see docs/operations.md#backup-and-restore";

/** The key file saved beside a backup when the server uses the generated data/master.key. */
const keyFileOf = (backupFile: string) => `${backupFile}.master.key`;

async function sqliteSetup(ctx: CliContext, flags: DatabaseFlags) {
  const config = await loadServerConfig(ctx.env, flags);
  const storage = await import("@appstudio/storage");
  if (storage.isPostgresUrl(config.databaseUrl)) {
    throw new CliError(`backup and restore work on SQLite databases; ${safeDatabaseUrl(config.databaseUrl)} is PostgreSQL`, ExitCode.Usage, POSTGRES_HINT);
  }
  return { config, storage, databaseFile: storage.sqliteFileOf(config.databaseUrl), keyFile: join(config.dataDir, "master.key") };
}

/** Applied migrations of a SQLite file, refused when SQLite finds it damaged. */
async function checkedStatus(storage: typeof import("@appstudio/storage"), file: string) {
  const integrity = storage.integrityOf(file);
  if (integrity !== "ok") throw new CliError(`${file} is damaged: ${integrity}`, ExitCode.Error);
  const database = storage.openDatabase(`sqlite:${file}`, { poolSize: 1 });
  try {
    return await storage.migrationStatus(database.db);
  } finally {
    await database.close();
  }
}

export function addBackupCommands(admin: Command, ctx: CliContext): void {
  databaseOptions(admin.command("backup").description("Copy the SQLite database to FILE while the server keeps running (online backup)"))
    .argument("<file>", "where to write the backup")
    .option("--force", "overwrite FILE if it exists")
    .addHelpText(
      "after",
      `
The master key matters as much as the database: without it stored provider keys and other
secrets cannot be opened. When the server uses the generated data/master.key, it is copied to
FILE.master.key; when APPSTUDIO_MASTER_KEY is set, keep that value with the backup.
${examples("appstudio admin backup /backups/appstudio-$(date +%F).db", "appstudio admin backup /backups/latest.db --force --data-dir /var/lib/appstudio")}`,
    )
    .action(async (file, opts) => {
      const { config, storage, databaseFile, keyFile } = await sqliteSetup(ctx, opts);
      const target = resolve(file);
      if (existsSync(target) && !opts.force) throw new CliError(`${target} exists`, ExitCode.Rejected, "pass --force to overwrite it");
      // Written beside the target and renamed: an interrupted backup never leaves a half file under FILE.
      const partial = `${target}.partial`;
      try {
        await storage.backupSqlite(databaseFile, partial);
        const status = await checkedStatus(storage, partial);
        renameSync(partial, target);
        ctx.output.success(`Backed up ${databaseFile} to ${target} (${statSync(target).size} bytes, ${status.applied.length} migrations applied)`);
      } finally {
        rmSync(partial, { force: true });
      }
      if (config.masterKey !== undefined) {
        ctx.output.info("IMPORTANT: the secrets in this backup open only with the current APPSTUDIO_MASTER_KEY. Keep that value with the backup.");
      } else if (existsSync(keyFile)) {
        writeFileSync(keyFileOf(target), readFileSync(keyFile), { mode: 0o600 });
        ctx.output.info(`IMPORTANT: the master key was saved to ${keyFileOf(target)}. Keep it with the backup, and as safe as a password.`);
      }
    });

  databaseOptions(admin.command("restore").description("Replace the SQLite database with a backup (stop the server first)"))
    .argument("<file>", "a backup written by `appstudio admin backup`")
    .option("--force", "replace an existing database (and its master.key with FILE.master.key)")
    .addHelpText(
      "after",
      `
The server must be stopped: stop it, restore, start it (it applies any newer migrations).
The backup is checked first: SQLite's integrity check, its migrations (a backup from a newer
version is refused) and the master key, which must open its secrets: APPSTUDIO_MASTER_KEY,
else FILE.master.key, else the data directory's master.key.
${examples("appstudio admin restore /backups/appstudio-2025-01-31.db --force")}`,
    )
    .action(async (file, opts) => {
      const { config, storage, databaseFile, keyFile } = await sqliteSetup(ctx, opts);
      const source = resolve(file);
      if (!existsSync(source)) throw new CliError(`there is no backup at ${source}`, ExitCode.NotFound);
      const backupKey = existsSync(keyFileOf(source)) ? readFileSync(keyFileOf(source), "utf8").trim() : undefined;
      const currentKey = existsSync(keyFile) ? readFileSync(keyFile, "utf8").trim() : undefined;
      const key = config.masterKey ?? backupKey ?? currentKey;

      // Checked on a migrated scratch copy: proves the migrations apply and the key opens the secrets.
      const scratchDir = mkdtempSync(join(tmpdir(), "appstudio-restore-"));
      try {
        const scratch = join(scratchDir, "check.db");
        copyFileSync(source, scratch);
        const status = await checkedStatus(storage, scratch);
        if (status.unknown.length > 0) {
          throw new CliError(`the backup comes from a newer version of appstudio (unknown migrations: ${status.unknown.join(", ")})`, ExitCode.Rejected);
        }
        await verifyKey(storage, scratch, key);
      } finally {
        rmSync(scratchDir, { recursive: true, force: true });
      }

      if (storage.isSqliteInUse(databaseFile)) {
        throw new CliError(`a server is running on ${databaseFile}`, ExitCode.Rejected, "stop it, restore, then start it again");
      }
      if (existsSync(databaseFile) && statSync(databaseFile).size > 0 && !opts.force) {
        throw new CliError(`${databaseFile} exists and would be replaced`, ExitCode.Rejected, "pass --force to replace it");
      }
      const replacesKey = config.masterKey === undefined && backupKey !== undefined && backupKey !== currentKey;
      if (replacesKey && currentKey !== undefined && !opts.force) {
        throw new CliError(`${keyFile} differs from the backup's key`, ExitCode.Rejected, "pass --force to replace it");
      }
      await storage.restoreSqlite(source, databaseFile);
      if (replacesKey) writeFileSync(keyFile, backupKey, { mode: 0o600 });
      ctx.output.success(`Restored ${databaseFile} from ${source}${replacesKey ? ` and ${keyFile} from ${keyFileOf(source)}` : ""}`);
    });
}

async function verifyKey(storage: typeof import("@appstudio/storage"), file: string, key: string | undefined): Promise<void> {
  const [{ SecretBox }, { keyOpensSecrets }] = await Promise.all([import("@appstudio/adapters"), import("@appstudio/server")]);
  const database = storage.openDatabase(`sqlite:${file}`, { poolSize: 1 });
  try {
    await storage.migrateToLatest(database.db, "sqlite");
    const settings = new storage.KyselyInstanceSettingsRepository(database.db);
    // No key at all is fine for a database without secrets; a fresh key is generated on start.
    const opens =
      key === undefined
        ? (await settings.get("secret_check")) === undefined && (await settings.anySealedSecret()) === undefined
        : await keyOpensSecrets(settings, new SecretBox(key));
    if (!opens) {
      throw new CliError(
        "the master key cannot open the secrets in this backup",
        ExitCode.Rejected,
        "set APPSTUDIO_MASTER_KEY to the key the backup was made with, or put its master.key beside it as FILE.master.key",
      );
    }
  } finally {
    await database.close();
  }
}
