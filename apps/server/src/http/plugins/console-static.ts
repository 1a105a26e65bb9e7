import { existsSync } from "node:fs";
import { join, relative, sep } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import { setConsoleSecurityHeaders } from "./security-headers.js";

/**
 * Serves the built console at `/` when it exists. Unknown GET paths outside the APIs fall
 * back to index.html so the single-page app's own routes survive a reload.
 */
export async function serveConsole(app: FastifyInstance, consoleDir: string): Promise<boolean> {
  if (!existsSync(join(consoleDir, "index.html"))) return false;
  // Everything outside the APIs is the console (its pages, and its scripts and styles, where a CSP is harmless).
  app.addHook("onRequest", async (request, reply) => {
    if (!isApiRequest(request.url)) setConsoleSecurityHeaders(reply);
  });
  // wildcard: files are looked up per request, so a console rebuilt while the server runs is served.
  // preCompressed: the build writes .br/.gz siblings (apps/console/vite.config.ts); the best one the
  // client accepts is sent, the file itself otherwise.
  await app.register(fastifyStatic, {
    root: consoleDir,
    prefix: "/",
    wildcard: true,
    index: ["index.html"],
    preCompressed: true,
    cacheControl: false,
    setHeaders: (res, filePath) => {
      res.setHeader("cache-control", cacheControlFor(relative(consoleDir, filePath)));
      res.setHeader("vary", "Accept-Encoding");
    },
  });
  return true;
}

/**
 * Vite names everything under assets/ by its content hash, so a changed file gets a new name and
 * the old one can be cached for good. Everything else (index.html, also when served for a deep
 * link, which names the current hashes) is revalidated on every use.
 */
const cacheControlFor = (pathInConsole: string) => (pathInConsole.startsWith(`assets${sep}`) ? "public, max-age=31536000, immutable" : "no-cache");

/** Requests to the APIs and the documents served beside them, which keep the strict default CSP. */
const isApiRequest = (url: string) =>
  url.startsWith("/api/") || url.startsWith("/compatible-mode/") || url.startsWith("/manage/") || url === "/healthz" || url.startsWith("/openapi");

/** Requests the single-page app does not handle: the APIs, and missing static files (a path with an extension). */
export const isApiPath = (url: string) => /\.[a-z0-9]+$/i.test(url.split("?")[0] ?? "") || isApiRequest(url);
