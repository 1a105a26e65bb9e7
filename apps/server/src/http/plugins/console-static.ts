import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

/**
 * Serves the built console at `/` when it exists. Unknown GET paths outside the APIs fall
 * back to index.html so the single-page app's own routes survive a reload.
 */
export async function serveConsole(app: FastifyInstance, consoleDir: string): Promise<boolean> {
  if (!existsSync(join(consoleDir, "index.html"))) return false;
  await app.register(fastifyStatic, { root: consoleDir, prefix: "/", wildcard: false, index: ["index.html"] });
  return true;
}

export const isApiPath = (url: string) => url.startsWith("/api/") || url.startsWith("/manage/") || url === "/healthz" || url.startsWith("/openapi");
