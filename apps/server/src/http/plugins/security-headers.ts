import type { ServerResponse } from "node:http";
import type { FastifyInstance, FastifyReply } from "fastify";
import helmet, { type HelmetOptions } from "helmet";

/**
 * The policy of every API response (JSON, SSE, `/openapi.json`): nothing may load, run or frame.
 * Browsers apply a CSP only to documents, so this costs API clients nothing.
 */
const API_CSP = {
  useDefaults: false,
  directives: { defaultSrc: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"], frameAncestors: ["'none'"] },
} as const;

/**
 * The console's policy. Scripts come only from our own hashed bundles (index.html has no inline
 * script). Styles need 'unsafe-inline': Mantine writes its theme variables and responsive props
 * into `<style>` elements at run time. The favicon is a `data:` SVG.
 * No `upgrade-insecure-requests`: a console served over plain HTTP on a LAN address would
 * otherwise ask for its own scripts over HTTPS and never load.
 */
export const CONSOLE_CSP = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    baseUri: ["'self'"],
    connectSrc: ["'self'"],
    fontSrc: ["'self'", "data:"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    imgSrc: ["'self'", "data:"],
    objectSrc: ["'none'"],
    scriptSrc: ["'self'"],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
  },
} as const;

const COMMON_OPTIONS = {
  // The console is never meant to be framed (clickjacking); frame-ancestors says the same to new browsers.
  frameguard: { action: "deny" },
  referrerPolicy: { policy: "no-referrer" },
  // Ignored by browsers over plain HTTP; over HTTPS, pins this host only — subdomains are the operator's call.
  strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: false },
} as const satisfies HelmetOptions;

/**
 * The headers helmet sets for `options`, worked out once. They never depend on the request, and
 * running helmet's middleware chain per call (it rebuilt it for every request under
 * @fastify/helmet) was a measurable share of an app call's CPU.
 */
function headersFrom(options: HelmetOptions): ReadonlyArray<readonly [string, string]> {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: string) => headers.set(name, value),
    removeHeader: (name: string) => headers.delete(name),
  };
  helmet(options)({} as never, recorder as unknown as ServerResponse, () => {});
  return [...headers];
}

const API_HEADERS = headersFrom({ ...COMMON_OPTIONS, contentSecurityPolicy: API_CSP });
const CONSOLE_HEADERS = headersFrom({ ...COMMON_OPTIONS, contentSecurityPolicy: CONSOLE_CSP });

function setAll(reply: FastifyReply, headers: ReadonlyArray<readonly [string, string]>): void {
  for (const [name, value] of headers) reply.raw.setHeader(name, value);
}

/** Switches a console page (or its scripts and styles) from the strict API policy to {@link CONSOLE_CSP}. */
export const setConsoleSecurityHeaders = (reply: FastifyReply) => setAll(reply, CONSOLE_HEADERS);

/**
 * Security headers on every response, as helmet computes them: the strict API policy by default;
 * the console's pages switch to {@link CONSOLE_CSP} (see console-static.ts).
 */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook("onRequest", (_request, reply, done) => {
    setAll(reply, API_HEADERS);
    done();
  });
}
