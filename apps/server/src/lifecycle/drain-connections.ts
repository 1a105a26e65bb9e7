import type { Server, ServerResponse } from "node:http";

/** What `watchConnections` gives the shutdown: how many responses are open, and the drain switch. */
export interface ConnectionWatch {
  /** Responses not yet finished (JSON answers and SSE streams alike). */
  readonly openResponses: number;
  /** From now on every connection closes after its current response instead of staying alive. */
  drain(): void;
}

/**
 * Keep-alive connections would keep a closing server open until their idle timeout (72 s by
 * default): `server.close()` only closes the connections idle at that moment, and a connection
 * whose response ends later goes back to idle and stays. During a drain, responses not yet
 * started say `Connection: close`, and each connection is closed as soon as its response ends.
 */
export function watchConnections(server: Server): ConnectionWatch {
  const open = new Set<ServerResponse>();
  let draining = false;
  const closeIdle = () => setImmediate(() => server.closeIdleConnections());
  server.on("request", (_request, response: ServerResponse) => {
    open.add(response);
    if (draining) response.shouldKeepAlive = false;
    response.once("close", () => {
      open.delete(response);
      if (draining) closeIdle();
    });
  });
  return {
    get openResponses() {
      return open.size;
    },
    drain() {
      draining = true;
      for (const response of open) if (!response.headersSent) response.shouldKeepAlive = false;
      closeIdle();
    },
  };
}
