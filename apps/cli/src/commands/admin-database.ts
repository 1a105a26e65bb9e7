import type { Command, OptionValues } from "@commander-js/extra-typings";
import type { CliContext } from "../cli-context.js";
import { CliError, ExitCode } from "../exit-codes.js";
import { type DatabaseFlags, loadServerConfig } from "./serve.js";

/** The flags every `admin` command takes to find the server's database. */
export const databaseOptions = <A extends unknown[], O extends OptionValues, G extends OptionValues>(command: Command<A, O, G>) =>
  command
    .option("--data-dir <dir>", "data directory of the server (env APPSTUDIO_DATA_DIR; default ./data)")
    .option("--database-url <url>", "database URL (env DATABASE_URL; default: SQLite in the data directory)")
    .option("-c, --config <file>", "server config file (env APPSTUDIO_CONFIG)");

/** A database URL fit for a message: never its password. */
export const safeDatabaseUrl = (url: string) => url.replace(/\/\/[^@/]*@/, "//***@");

export function databaseError(e: unknown, url: string): CliError {
  const where = safeDatabaseUrl(url);
  // migrateToLatest wraps the driver's error in a message, so the system code is read from the text too.
  const text = `${(e as NodeJS.ErrnoException)?.code ?? ""} ${(e as Error)?.message ?? ""}`;
  const code = /\b(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|EHOSTUNREACH)\b/.exec(text)?.[1];
  if (code) return new CliError(`cannot connect to the database ${where} (${code})`, ExitCode.Connection, "is the database running, and is the URL right?");
  return new CliError(`database ${where}: ${(e as Error).message}`, ExitCode.Error);
}

/** Opens the server's database without migrating it (for status, backup and restore), closed after `work`. */
export async function withDatabase<T>(
  ctx: CliContext,
  flags: DatabaseFlags,
  work: (opened: { config: Awaited<ReturnType<typeof loadServerConfig>>; database: import("@appstudio/storage").DatabaseHandle }) => Promise<T>,
): Promise<T> {
  const config = await loadServerConfig(ctx.env, flags);
  const { openDatabase } = await import("@appstudio/storage");
  const database = openDatabase(config.databaseUrl, { poolSize: 1 });
  try {
    return await work({ config, database });
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw databaseError(e, config.databaseUrl);
  } finally {
    await database.close();
  }
}
