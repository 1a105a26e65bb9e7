import { AppError } from "@appstudio/core";
import type { FastifyRequest } from "fastify";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses a state-changing request that a browser sent from another site (CSRF, login CSRF).
 * Called for requests that would be authenticated by the console cookie, or that set it.
 *
 * The order follows Go's `http.CrossOriginProtection`:
 * 1. `Sec-Fetch-Site` (set by the browser, not by scripts): `same-origin` or `none` passes —
 *    this also holds behind a proxy that rewrites `Host`; another site passes only from an
 *    allowed origin.
 * 2. Otherwise `Origin`, then `Referer`, must name this server's own host or an allowed origin.
 * 3. A request with none of the three comes from no browser (curl, the CLI, scripts): a cookie it
 *    carries was handed to it on purpose, so there is nothing to forge and it passes.
 */
export function assertSameOrigin(request: FastifyRequest, allowedOrigins: ReadonlySet<string>): void {
  if (SAFE_METHODS.has(request.method)) return;
  const fetchSite = header(request, "sec-fetch-site");
  const origin = header(request, "origin");
  if (fetchSite !== undefined) {
    if (fetchSite === "same-origin" || fetchSite === "none") return;
    if (origin !== undefined && allowedOrigins.has(originOf(origin) ?? "")) return;
    throw refused(`Sec-Fetch-Site: ${fetchSite}`);
  }
  const claimed = origin ?? header(request, "referer");
  if (claimed === undefined) return;
  if (isOwnOrigin(claimed, request.host, allowedOrigins)) return;
  throw refused(`${origin !== undefined ? "Origin" : "Referer"}: ${originOf(claimed) ?? "null"}`);
}

/** The allowed origins, normalised (`https://console.example.com`), from configured URLs. */
export function allowedOriginSet(urls: readonly string[]): ReadonlySet<string> {
  return new Set(urls.map(originOf).filter((o): o is string => o !== null));
}

function isOwnOrigin(claimed: string, host: string, allowedOrigins: ReadonlySet<string>): boolean {
  let url: URL;
  try {
    url = new URL(claimed);
  } catch {
    return false; // "null" (sandboxed frames, file:) and garbage
  }
  if (allowedOrigins.has(url.origin)) return true;
  // Parse the Host with the claimed scheme so default ports compare equal (`a.example` = `a.example:443`).
  let own: URL;
  try {
    own = new URL(`${url.protocol}//${host}`);
  } catch {
    return false;
  }
  return hostKey(own) === hostKey(url);
}

/** Host name without a trailing dot, plus the port: `Example.COM.:8080` and `example.com:8080` are one host. */
const hostKey = (url: URL) => `${url.hostname.replace(/\.$/, "")}:${url.port}`;

function originOf(value: string): string | null {
  try {
    const origin = new URL(value).origin;
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const refused = (seen: string) =>
  new AppError(
    "Forbidden.CrossOrigin",
    `Cross-origin request refused: a request signed in with the console cookie must come from this server's own pages (${seen}). Scripts can use a personal access token instead.`,
  );
