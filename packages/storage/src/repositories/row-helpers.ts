import type { Page, PageRequest } from "@appstudio/core";

export const bool = (value: number | boolean) => value === 1 || value === true;
export const int = (value: boolean) => (value ? 1 : 0);
/**
 * A count from outside (a model's token usage, a duration) as an `integer` column takes it on
 * both dialects: PostgreSQL's is 32-bit and refuses a fraction, SQLite's is 64-bit.
 */
export const int32 = (value: number) => Math.min(2_147_483_647, Math.max(-2_147_483_648, Math.trunc(Number(value)) || 0));
export const json = <T>(text: string): T => JSON.parse(text) as T;

/** Escapes LIKE wildcards so a search for "50%" finds "50%" and not everything. */
export const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function page<T>(items: T[], total: number | string | bigint, request: PageRequest): Page<T> {
  return { items, total: Number(total), limit: request.limit, offset: request.offset };
}
