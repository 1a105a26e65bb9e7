import { readFileSync } from "node:fs";
import type { Server } from "node:http";

/** Descriptors kept for what is not a client connection: database, Redis, log, files. */
const RESERVE = 64;
/** At most one warning per interval, however many connections arrive near the limit. */
const WARN_EVERY_MS = 10_000;

/** The soft limit on open files of this process (Linux: /proc/self/limits); undefined when unknown. */
export function openFileLimit(read: () => string = () => readFileSync("/proc/self/limits", "utf8")): number | undefined {
  try {
    const match = /^Max open files\s+(\d+)/m.exec(read());
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Past the open-file limit the operating system cannot hand a new connection to the server:
 * libuv accepts and closes it at once (the caller sees a reset) and Node reports nothing, so
 * without this an overloaded server drops callers without a trace. Each open connection can
 * hold two descriptors (the client's socket and, during a model call, the upstream's), so the
 * warning comes when twice the open connections reach the limit less a reserve. Calls to a
 * provider with `http2: true` share a few upstream connections, so for them the warning comes
 * early: it errs on the side of warning.
 */
export function warnNearOpenFileLimit(
  server: Server,
  log: { warn(details: object, message: string): void },
  options: { limit?: number | undefined; now?: () => number } = {},
): void {
  const limit = "limit" in options ? options.limit : openFileLimit();
  if (limit === undefined) return;
  const now = options.now ?? Date.now;
  let open = 0;
  let warnedAt = Number.NEGATIVE_INFINITY;
  server.on("connection", (socket) => {
    open++;
    socket.once("close", () => open--);
    if (open * 2 + RESERVE < limit || now() - warnedAt < WARN_EVERY_MS) return;
    warnedAt = now();
    log.warn(
      { openConnections: open, openFileLimit: limit },
      `${open} connections open, near the open-file limit of ${limit} (a streamed call uses up to two descriptors): past it new connections are reset; raise the limit (ulimit -n) or add processes`,
    );
  });
}
