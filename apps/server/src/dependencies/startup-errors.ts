import { type DatabaseHandle, isConnectionFailure } from "@appstudio/storage";
import { ConfigError } from "../config.js";

/**
 * A database that cannot be reached at start-up is reported like a configuration problem
 * (the operator fixes DATABASE_URL or starts the database), naming the address but never the password.
 */
export function databaseStartupError(url: string, error: unknown): unknown {
  if (!isConnectionFailure(error)) return error;
  return new ConfigError([`databaseUrl (DATABASE_URL): cannot reach the database at ${addressOf(url)}: ${(error as Error).message}`]);
}

/** Closes what was opened before a failed start, then rethrows its reason. */
export async function giveUp(database: DatabaseHandle, error: unknown): Promise<never> {
  await database.close().catch(() => {});
  throw error;
}

function addressOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || "5432"}`;
  } catch {
    return "(an unparsable URL)";
  }
}
