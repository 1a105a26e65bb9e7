import { AppError } from "@appstudio/core";

/** True for a unique/primary-key violation on either dialect. */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string } | null;
  return err?.code === "23505" || err?.code === "SQLITE_CONSTRAINT_UNIQUE" || err?.code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

/** Runs a write and turns a unique violation into a Conflict the caller can show. */
export async function conflictOnDuplicate<T>(write: () => Promise<T>, message: string): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("Conflict", message);
    throw e;
  }
}

/**
 * True when PostgreSQL refused a value itself (SQLSTATE class 22, "data exception": a NUL
 * character in text, a number out of the column's range...). SQLite stores such values, so
 * this is the caller's bad input, not a server fault.
 */
export function isDataException(e: unknown): boolean {
  const err = e as { code?: unknown; severity?: unknown } | null;
  return typeof err?.code === "string" && /^22[0-9A-Z]{3}$/.test(err.code) && typeof err.severity === "string";
}

/** Network errors of a socket that could not reach the database or lost it. */
const CONNECTION_ERRNOS = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EPIPE", "EAI_AGAIN"]);

/**
 * True when the database could not be reached or went away (not when it refused a query):
 * PostgreSQL unreachable, the pool's connect timeout, a connection dropped mid-query, the server
 * shutting down or out of connections; SQLite locked by another writer for longer than its busy
 * timeout. The caller should try again later, so the server answers 503, not 500.
 */
export function isConnectionFailure(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown } | null;
  if (!err || typeof err !== "object") return false;
  const code = typeof err.code === "string" ? err.code : "";
  if (CONNECTION_ERRNOS.has(code)) return true;
  // SQLSTATE 08xxx connection exception, 57P01-03 shutdown / cannot connect now, 53300 too many connections.
  if (/^08[0-9A-Z]{3}$/.test(code) || /^57P0[123]$/.test(code) || code === "53300") return true;
  if (code === "SQLITE_BUSY") return true;
  const message = typeof err.message === "string" ? err.message : "";
  return /timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error|connection timeout/i.test(message);
}
