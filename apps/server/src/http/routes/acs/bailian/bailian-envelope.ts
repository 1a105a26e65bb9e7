import { invalidField } from "@appstudio/core";

/**
 * Response bodies and request parameters of Bailian 2023-12-29, as the official clients read
 * them. The product uses three body shapes: agent operations wrap `data` in a camelCase
 * envelope, knowledge-base ("index") operations in a PascalCase one, and memory operations
 * answer flat objects that only add `requestId`.
 */

/** `{code, data, httpStatusCode, message, requestId, success}` (agent operations). */
export function bailianEnvelope(requestId: string, data: unknown) {
  return { code: "Success", data, httpStatusCode: 200, message: "success", requestId, success: true };
}

/** `{Code, Data, Message, RequestId, Status, Success}` (index operations). */
export function indexEnvelope(requestId: string, data?: unknown) {
  return { Code: "Success", ...(data !== undefined ? { Data: data } : {}), Message: "success", RequestId: requestId, Status: "200", Success: true };
}

/** An optional whole number from a query string or form field (ROA sends every value as text). */
export function optionalInteger(value: unknown, field: string, range: { min: number; max: number }): number | undefined {
  if (value === undefined || value === "") return undefined;
  const n = typeof value === "number" ? value : typeof value === "string" && /^-?\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < range.min || n > range.max) throw invalidField(field, `must be a whole number from ${range.min} to ${range.max}`);
  return n;
}

/** An optional number (scores, thresholds). */
export function optionalNumber(value: unknown, field: string, range: { min: number; max: number }): number | undefined {
  if (value === undefined || value === "") return undefined;
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value.trim()) : Number.NaN;
  if (!Number.isFinite(n) || n < range.min || n > range.max) throw invalidField(field, `must be a number from ${range.min} to ${range.max}`);
  return n;
}

/** An optional text parameter; anything but a string is refused rather than coerced. */
export function optionalText(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw invalidField(field, "must be a string");
  return value;
}

export function requiredText(value: unknown, field: string): string {
  const text = optionalText(value, field);
  if (text === undefined || text.trim() === "") throw invalidField(field, "is required");
  return text;
}

/** `"true"` / `"false"` as ROA clients send booleans. */
export function optionalBoolean(value: unknown, field: string): boolean | undefined {
  if (value === undefined || value === "") return undefined;
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  throw invalidField(field, "must be true or false");
}

/**
 * A parameter the client serialises as a JSON string (`applicationConfig`, `SearchFilters`).
 * A JSON body may carry the value itself, so an already parsed value is taken as is.
 */
export function jsonParameter(value: unknown, field: string): unknown {
  if (value === undefined || value === "") return undefined;
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    throw invalidField(field, "must be valid JSON");
  }
}

const MAX_PAGE_SIZE = 100;

/** Page numbers from 1 (`pageNo` / `PageNumber`) and a page size, as limit and offset. */
export function pageOf(pageNo: unknown, pageSize: unknown, names: { pageNo: string; pageSize: string }, defaultSize = 10) {
  const number = optionalInteger(pageNo, names.pageNo, { min: 1, max: 1_000_000 }) ?? 1;
  const size = optionalInteger(pageSize, names.pageSize, { min: 1, max: MAX_PAGE_SIZE }) ?? defaultSize;
  return { pageNo: number, pageSize: size, limit: size, offset: (number - 1) * size };
}

/**
 * `maxResults` / `nextToken` paging (memory operations). The token is opaque to clients; it
 * holds the offset of the next page, and is absent on the last page.
 */
export function tokenPageOf(maxResults: unknown, nextToken: unknown, defaultSize = 20) {
  const limit = optionalInteger(maxResults, "maxResults", { min: 1, max: MAX_PAGE_SIZE }) ?? defaultSize;
  const token = optionalText(nextToken, "nextToken");
  let offset = 0;
  if (token !== undefined && token !== "") {
    const decoded = Buffer.from(token, "base64url").toString("utf8");
    if (!/^\d{1,9}$/.test(decoded)) throw invalidField("nextToken", "is not a token this API returned");
    offset = Number(decoded);
  }
  return { limit, offset };
}

export function nextTokenAfter(page: { limit: number; offset: number; total: number }): string | undefined {
  const next = page.offset + page.limit;
  return next < page.total ? Buffer.from(String(next), "utf8").toString("base64url") : undefined;
}
