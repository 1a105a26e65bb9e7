import { DEFAULT_MIGRATION_TABLE, type Kysely, type Migration, type MigrationProvider, Migrator, SqliteAdapter, sql } from "kysely";
import { foundation } from "./0001-foundation.js";
import { conversations } from "./0002-conversations.js";
import { modelProviders } from "./0003-model-providers.js";
import { callLogs } from "./0004-call-logs.js";
import { workflowRuns } from "./0005-workflow-runs.js";
import { callLogCallers } from "./0006-call-log-callers.js";
import { knowledgeBases } from "./0007-knowledge-bases.js";
import { knowledgeSearch } from "./0008-knowledge-search.js";
import { memory } from "./0009-memory.js";
import { mcpServices } from "./0010-mcp-services.js";
import { accessKeys } from "./0011-access-keys.js";
import { apiKeyScope } from "./0012-api-key-scope.js";
import { secretCheck } from "./0013-secret-check.js";
import { lookupEpoch } from "./0014-lookup-epoch.js";

/**
 * The one migration list, run in name order on SQLite and PostgreSQL alike. Append only:
 * a released migration is never edited, a new file is added here instead.
 */
export const migrations: Record<string, Migration> = {
  "0001_foundation": foundation,
  "0002_conversations": conversations,
  "0003_model_providers": modelProviders,
  "0004_call_logs": callLogs,
  "0005_workflow_runs": workflowRuns,
  "0006_call_log_callers": callLogCallers,
  "0007_knowledge_bases": knowledgeBases,
  "0008_knowledge_search": knowledgeSearch,
  "0009_memory": memory,
  "0010_mcp_services": mcpServices,
  "0011_access_keys": accessKeys,
  "0012_api_key_scope": apiKeyScope,
  "0013_secret_check": secretCheck,
  "0014_lookup_epoch": lookupEpoch,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Where a database stands against the migrations this code knows. */
export interface MigrationStatus {
  applied: string[];
  /** Known to this code, not applied yet: what `migrateToLatest` would run, in order. */
  pending: string[];
  /** Applied to the database but unknown here: a newer appstudio upgraded it. */
  unknown: string[];
}

/** A database this code must not touch (upgraded by a newer version), or a migration that failed. */
export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MigrationError";
  }
}

export async function migrationStatus(db: Kysely<any>): Promise<MigrationStatus> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  const executed = tables.some((t) => t.name === DEFAULT_MIGRATION_TABLE)
    ? (await db.selectFrom(DEFAULT_MIGRATION_TABLE).select("name").execute()).map((r: { name: string }) => r.name).sort()
    : [];
  const known = Object.keys(migrations).sort();
  return {
    applied: executed.filter((name) => known.includes(name)),
    pending: known.filter((name) => !executed.includes(name)),
    unknown: executed.filter((name) => !known.includes(name)),
  };
}

/**
 * Applies the pending migrations, forward only. Several processes may start at once: on
 * PostgreSQL Kysely's migrator holds an advisory lock and runs in one transaction; on SQLite
 * an immediate transaction around the whole run keeps a second process waiting for the first.
 * A database with migrations this code does not know (a newer version ran) is refused untouched.
 */
export async function migrateToLatest(db: Kysely<any>, dialect?: "sqlite" | "postgres"): Promise<string[]> {
  const newer = (await migrationStatus(db)).unknown;
  if (newer.length > 0) throw newerDatabase(newer);
  const run = async () => {
    const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
    const failed = results?.find((r) => r.status === "Error");
    if (error || failed) {
      const reason = error instanceof Error ? error.message : String(error);
      const missing = /previously executed migration (\S+) is missing/.exec(reason);
      if (missing) throw newerDatabase([missing[1]!]);
      throw new MigrationError(`database migration failed${failed ? ` at ${failed.migrationName}` : ""}: ${reason}`);
    }
    return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
  };
  return (dialect ?? dialectOf(db)) === "sqlite" ? withSqliteWriteLock(db, run) : run();
}

function newerDatabase(unknown: string[]): MigrationError {
  return new MigrationError(
    `the database was upgraded by a newer version of appstudio (it has migrations this version does not know: ${unknown.join(", ")}). ` +
      "Migrations are forward-only: run that newer version, or restore a backup taken before the upgrade.",
  );
}

function dialectOf(db: Kysely<any>): "sqlite" | "postgres" {
  return db.getExecutor().adapter instanceof SqliteAdapter ? "sqlite" : "postgres";
}

/** Longest a SQLite process waits for another one's migrations before giving up. */
const SQLITE_MIGRATION_WAIT_MS = 10 * 60_000;

/**
 * SQLite's migrator takes no lock: two processes starting on one new file would both create the
 * same tables. BEGIN IMMEDIATE takes the file's write lock for the whole run (SQLite's DDL is
 * transactional, so a failed run leaves nothing half-done); another process waits for it,
 * retrying past busy_timeout for as long as a big upgrade can take.
 */
async function withSqliteWriteLock<T>(db: Kysely<any>, work: () => Promise<T>): Promise<T> {
  const giveUpAt = Date.now() + SQLITE_MIGRATION_WAIT_MS;
  for (;;) {
    try {
      await sql`begin immediate`.execute(db);
      break;
    } catch (e) {
      if (!String((e as { code?: string }).code).startsWith("SQLITE_BUSY") || Date.now() > giveUpAt) throw e;
    }
  }
  try {
    const result = await work();
    await sql`commit`.execute(db);
    return result;
  } catch (e) {
    await sql`rollback`.execute(db).catch(() => undefined);
    throw e;
  }
}
