import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import { CONSOLE_CSP } from "./security-headers.js";

/**
 * Serves the built console at `/` when it exists. Unknown GET paths outside the APIs fall
 * back to index.html so the single-page app's own routes survive a reload.
 */
export async function serveConsole(app: FastifyInstance, consoleDir: string): Promise<boolean> {
  if (!existsSync(join(consoleDir, "index.html"))) return false;
  // Everything outside the APIs is the console (its pages, and its scripts and styles, where a CSP is harmless).
  app.addHook("onRequest", async (request, reply) => {
    if (!isApiRequest(request.url)) reply.helmet({ contentSecurityPolicy: CONSOLE_CSP });
  });
  // wildcard: files are looked up per request, so a console rebuilt while the server runs is served.
  await app.register(fastifyStatic, { root: consoleDir, prefix: "/", wildcard: true, index: ["index.html"] });
  return true;
}

/** Requests to the APIs and the documents served beside them, which keep the strict default CSP. */
const isApiRequest = (url: string) => url.startsWith("/api/") || url.startsWith("/manage/") || url === "/healthz" || url.startsWith("/openapi");

/** Requests the single-page app does not handle: the APIs, and missing static files (a path with an extension). */
export const isApiPath = (url: string) => /\.[a-z0-9]+$/i.test(url.split("?")[0] ?? "") || isApiRequest(url);
