import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { searchText } from "@appstudio/core";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import * as sqliteVec from "sqlite-vec";
import type { Database } from "../schema.js";
import { StorableTextPlugin } from "./storable-text-plugin.js";

export type DialectName = "sqlite" | "postgres";

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  close(): Promise<void>;
  /** PostgreSQL's connection pool right now (for metrics); absent on SQLite, which has no pool. */
  poolStats?(): { total: number; idle: number; waiting: number };
}

export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//.test(url);

/**
 * Opens the database named by `url`: a `postgres://` URL, or a SQLite file path
 * (`sqlite:` prefix optional; `:memory:` for tests).
 */
export function openDatabase(url: string, options: { poolSize?: number; onIdleClientError?: (error: Error) => void } = {}): DatabaseHandle {
  if (isPostgresUrl(url)) {
    // A database that does not answer fails a connection attempt after 5 s (pg waits forever by
    // default), so callers get a 503 and readiness turns false instead of requests hanging.
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, connectionTimeoutMillis: 5000, keepAlive: true });
    // An idle connection can die (server restart, failover, admin termination). pg emits that
    // on the pool, and an unhandled 'error' event would kill the process; the pool has already
    // dropped the client and the next query opens a new one, so reporting it is enough.
    pool.on("error", (error) => options.onIdleClientError?.(error));
    // A connection that dies while a query holds it (database restarted, network cut) makes pg
    // emit 'error' on that client after failing the query; the pool listens only while the client
    // is idle, so without this listener the event would be thrown and end the process. The query
    // has already failed (the caller answers 503) and the pool drops the broken client.
    pool.on("connect", (client) => client.on("error", () => {}));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new StorableTextPlugin()] });
    const poolStats = () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount });
    return { db, dialect: "postgres", close: () => db.destroy(), poolStats };
  }
  const file = url.replace(/^sqlite:(\/\/)?/, "");
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  // WAL lets readers run while a write is in progress; busy_timeout rides out short write locks
  // (e.g. the CLI's admin commands writing while the server runs).
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("synchronous = NORMAL");
  addSearchFunctions(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), plugins: [new StorableTextPlugin()] });
  return { db, dialect: "sqlite", close: () => db.destroy() };
}

/**
 * What the knowledge search needs on every connection: `appstudio_search_text`, which the
 * full-text triggers of migration 0008 call (so chunks can only be written through a connection
 * opened here), and sqlite-vec's vector functions. sqlite-vec ships prebuilt for the common
 * platforms; where it cannot load, vector search falls back to exact search in the process.
 */
function addSearchFunctions(sqlite: SQLite.Database) {
  sqlite.function("appstudio_search_text", { deterministic: true }, (text: unknown) => (typeof text === "string" ? searchText(text) : ""));
  try {
    sqliteVec.load(sqlite);
  } catch {
    // Detected again where it matters (KyselyKnowledgeSearchRepository).
  }
}

/**
 * Kysely prepares every query anew; preparing costs more than running the small queries of
 * the app API's hot path. Kysely's SQL text is stable per query shape (values are bound
 * parameters), so prepared statements are kept and reused, bounded to stay small.
 */
function withStatementCache(sqlite: SQLite.Database, limit = 500) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}
