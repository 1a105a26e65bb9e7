import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";

/** The file of a SQLite database URL (`sqlite:/path/file.db` or a bare path). */
export const sqliteFileOf = (url: string): string => url.replace(/^sqlite:(\/\/)?/, "");

/**
 * Copies a SQLite database with SQLite's online backup API, as a consistent snapshot while the
 * server keeps serving (WAL: the copy reads, the server writes). All pages are copied in one
 * step, so concurrent writes cannot make the copy start over again and again.
 */
export async function backupSqlite(sourceFile: string, targetFile: string): Promise<void> {
  if (!existsSync(sourceFile)) throw new Error(`there is no database at ${sourceFile}`);
  mkdirSync(dirname(targetFile), { recursive: true });
  const source = new SQLite(sourceFile, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    await source.backup(targetFile, { progress: () => 1_000_000_000 });
  } finally {
    source.close();
  }
}

/** `ok`, or what SQLite's integrity check found wrong (first problems only). */
export function integrityOf(file: string): string {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma("integrity_check(10)") as { integrity_check: string }[];
    return rows.map((r) => r.integrity_check).join("; ");
  } finally {
    db.close();
  }
}

/**
 * True while another process (a running server) has the database open: an open connection in
 * WAL mode holds a shared lock, so an exclusive one cannot be taken.
 */
export function isSqliteInUse(file: string): boolean {
  if (!existsSync(file)) return false;
  const probe = new SQLite(file, { fileMustExist: true, timeout: 200 });
  try {
    probe.pragma("locking_mode = EXCLUSIVE");
    probe.exec("begin exclusive");
    probe.exec("commit");
    return false;
  } catch (e) {
    if (String((e as { code?: string }).code).startsWith("SQLITE_BUSY")) return true;
    throw e;
  } finally {
    probe.close();
  }
}

/**
 * Replaces the database at `targetFile` with the backup, page by page through the backup API
 * (so a WAL left beside the target is taken into account, never half-mixed with the backup).
 */
export async function restoreSqlite(backupFile: string, targetFile: string): Promise<void> {
  mkdirSync(dirname(targetFile), { recursive: true });
  const backup = new SQLite(backupFile, { readonly: true, fileMustExist: true });
  try {
    await backup.backup(targetFile, { progress: () => 1_000_000_000 });
  } finally {
    backup.close();
  }
}
