import { usageError } from "./exit-codes.js";

/** A server URL as profiles store it (origin + path, no trailing slash), so URLs compare as text. */
export function normaliseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error();
    return parsed.origin + parsed.pathname.replace(/\/+$/, "");
  } catch {
    throw usageError(`'${url}' is not an http(s) URL`, "for example http://localhost:8080");
  }
}
