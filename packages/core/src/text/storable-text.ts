/**
 * Code units one of the two databases refuses or stores differently: U+0000 (PostgreSQL
 * refuses it in text) and unpaired UTF-16 surrogates (not valid UTF-8; PostgreSQL stores
 * one U+FFFD, SQLite three).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding U+0000 is the point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, "g");

export const UNSTORABLE_TEXT_MESSAGE = "must not contain a NUL character (U+0000) or an unpaired UTF-16 surrogate";

export const isStorableText = (text: string): boolean => !UNSTORABLE.test(text);

/** Free text as both dialects store it alike: every unstorable code unit becomes U+FFFD. */
export function storableText(text: string): string {
  return UNSTORABLE.test(text) ? text.replace(UNSTORABLE_ALL, "\uFFFD") : text;
}

/** Parsed-JSON-like containers; binary data and streams (multipart uploads) are not looked into. */
const isWalkable = (value: object) =>
  Array.isArray(value) || !(ArrayBuffer.isView(value) || value instanceof ArrayBuffer || typeof (value as { pipe?: unknown }).pipe === "function");

/**
 * The dotted path (`name`, `config.tools.0.name`) of the first string or object key in `value`
 * that is not storable text, or undefined. Walks with its own stack, so a value nested
 * thousands of levels deep cannot overflow the call stack, and visits each object once.
 */
export function findUnstorableText(value: unknown, path = ""): string | undefined {
  const stack: { value: unknown; path: string; key?: string }[] = [{ value, path }];
  const seen = new WeakSet<object>();
  while (stack.length > 0) {
    const item = stack.pop() as { value: unknown; path: string; key?: string };
    if (item.key !== undefined && !isStorableText(item.key)) return item.path;
    if (typeof item.value === "string") {
      if (!isStorableText(item.value)) return item.path;
      continue;
    }
    if (typeof item.value !== "object" || item.value === null || seen.has(item.value) || !isWalkable(item.value)) continue;
    seen.add(item.value);
    const entries = Array.isArray(item.value) ? item.value.map((v, i) => [String(i), v] as const) : Object.entries(item.value);
    // Pushed in reverse so the first offending field in document order is reported.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i] as readonly [string, unknown];
      stack.push({ value: child, path: item.path ? `${item.path}.${key}` : key, key });
    }
  }
  return undefined;
}
