import type { FastifyInstance } from "fastify";
import type { Container } from "../container.js";
import type { ConnectionWatch } from "./drain-connections.js";

/** After the grace period, how long ended calls get to write their last event before connections are cut. */
const FINAL_WRITE_MS = 2000;

/**
 * Stops the server without losing what it acknowledged: readiness turns false, the listener
 * closes (no new connections; keep-alive ones close after their current response), running calls
 * and streams finish within `graceMs`, and those still running then end with a final
 * `ServiceUnavailable` error. Then background work, the call log and workflow run records are
 * flushed and the database and Redis closed.
 */
export async function drainServer(app: FastifyInstance, container: Container, watch: ConnectionWatch, graceMs: number): Promise<void> {
  container.lifecycle.beginDrain();
  watch.drain();
  const open = watch.openResponses;
  if (open > 0) app.log.info({ openResponses: open, graceMs }, "draining: waiting for running calls and streams to finish");
  // Fastify's close stops the listener and resolves once every connection has ended.
  const closed = app.close();
  if (!(await settlesWithin(closed, graceMs))) {
    app.log.warn({ openResponses: watch.openResponses, graceMs }, "shutdown grace period over: ending the calls still running");
    container.lifecycle.endGrace();
    if (!(await settlesWithin(closed, FINAL_WRITE_MS))) watch.closeAll();
    await closed;
  }
  await container.close();
}

async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
