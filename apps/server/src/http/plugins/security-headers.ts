import fastifyHelmet from "@fastify/helmet";
import type { FastifyInstance } from "fastify";

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

/**
 * Security headers on every response, through @fastify/helmet: the strict API policy by default;
 * the console's pages switch to {@link CONSOLE_CSP} (see console-static.ts).
 */
export async function installSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: API_CSP,
    // The console is never meant to be framed (clickjacking); frame-ancestors says the same to new browsers.
    frameguard: { action: "deny" },
    referrerPolicy: { policy: "no-referrer" },
    // Ignored by browsers over plain HTTP; over HTTPS, pins this host only — subdomains are the operator's call.
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: false },
  });
}
