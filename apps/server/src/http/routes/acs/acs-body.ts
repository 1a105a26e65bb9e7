import { AppError, jsonDepthProblem } from "@appstudio/core";

/**
 * Request bodies of ROA operations: `application/x-www-form-urlencoded` (`formData` operations,
 * nested values flattened as `auth.type=Custom&auth.accessIps.1=10.0.0.0/8`) or JSON. Parsed
 * here, after the signature was checked against the raw bytes.
 */
export function parseAcsBody(raw: Buffer | undefined, contentType: string | undefined, maxDepth: number): Record<string, unknown> {
  if (!raw || raw.length === 0) return {};
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase();
  const text = raw.toString("utf8");
  if (type === "application/json") return parseJsonObject(text, maxDepth);
  if (type === "application/x-www-form-urlencoded") return unflatten(new URLSearchParams(text));
  throw new AppError("InvalidParameter", `Unsupported request body type '${type}'; send application/x-www-form-urlencoded or application/json.`);
}

function parseJsonObject(text: string, maxDepth: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("InvalidParameter", "The request body is not valid JSON.");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new AppError("InvalidParameter", "The request body must be a JSON object.");
  const problem = jsonDepthProblem(value, maxDepth, "body");
  if (problem) throw new AppError("InvalidParameter", `Invalid request: ${problem.field} ${problem.message}`, { fields: [problem] });
  return value as Record<string, unknown>;
}

const FORBIDDEN_KEYS = new Set(["__proto__", "prototype", "constructor"]);
const MAX_LIST_INDEX = 1000;

/**
 * The clients' flat form (`a.b=1`, lists as `a.1`, `a.2`, counted from 1) back into objects and
 * arrays. Keys that would reach an object's prototype are refused.
 */
function unflatten(entries: Iterable<[string, string]>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    const path = key.split(".");
    if (path.some((p) => FORBIDDEN_KEYS.has(p) || p === "")) throw new AppError("InvalidParameter", `Invalid parameter name '${key}'.`);
    let node: Record<string, unknown> = root;
    path.forEach((segment, i) => {
      if (i === path.length - 1) {
        node[segment] = value;
        return;
      }
      const next = node[segment];
      if (next === undefined || typeof next !== "object" || next === null) node[segment] = {};
      node = node[segment] as Record<string, unknown>;
    });
  }
  return listsFromNumberedKeys(root) as Record<string, unknown>;
}

/** `{ "1": a, "2": b }` becomes `[a, b]`, depth first. */
function listsFromNumberedKeys(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  for (const k of keys) object[k] = listsFromNumberedKeys(object[k]);
  const numbered = keys.length > 0 && keys.every((k) => /^[1-9]\d{0,3}$/.test(k) && Number(k) <= MAX_LIST_INDEX);
  if (!numbered) return object;
  return keys
    .map(Number)
    .sort((a, b) => a - b)
    .map((n) => object[String(n)]);
}
