type HeaderSource = { get(name: string): string | null } | Record<string, string | string[] | undefined> | undefined;

/** A day: an upstream asking for longer is wrong or hostile; the caller may still retry later. */
const MAX_SECONDS = 86_400;

function header(source: HeaderSource, name: string): string | undefined {
  if (!source) return undefined;
  if (typeof (source as { get?: unknown }).get === "function") return (source as { get(name: string): string | null }).get(name) ?? undefined;
  const value = (source as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * How long an upstream's 429 asks the caller to wait, in whole seconds (rounded up, at least
 * 1): OpenAI's `retry-after-ms`, else `Retry-After` as seconds or an HTTP date. Undefined when
 * the upstream said nothing usable.
 */
export function retryAfterSeconds(headers: HeaderSource, now: number = Date.now()): number | undefined {
  const ms = Number(header(headers, "retry-after-ms"));
  let seconds: number | undefined = Number.isFinite(ms) && ms > 0 ? ms / 1000 : undefined;
  const value = header(headers, "retry-after")?.trim();
  if (seconds === undefined && value) {
    if (/^\d+(\.\d+)?$/.test(value)) seconds = Number(value);
    else if (/[a-z]/i.test(value)) {
      // An HTTP date ("Sun, 01 Mar 2026 10:00:30 GMT"); Date.parse would also take "-5" as a year.
      const at = Date.parse(value);
      if (!Number.isNaN(at)) seconds = (at - now) / 1000;
    }
  }
  if (seconds === undefined || !Number.isFinite(seconds)) return undefined;
  return Math.min(MAX_SECONDS, Math.max(1, Math.ceil(seconds)));
}
