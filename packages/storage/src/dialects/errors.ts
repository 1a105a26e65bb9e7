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
