import type { Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";

/** What `watchConnections` gives the shutdown: how many responses are open, and the drain switch. */
export interface ConnectionWatch {
  /** Responses not yet finished (JSON answers and SSE streams alike). */
  readonly openResponses: number;
  /** From now on every connection closes once no response is open on it. */
  drain(): void;
  /** Cuts every connection, whatever it is doing (the end of a shutdown). */
  closeAll(): void;
}

/**
 * `server.close()` alone can wait for a long time: it only closes the keep-alive connections
 * idle at that moment, a connection whose response ends later goes back to idle and stays, and
 * a connection opened without a request yet (fetch opens one ahead, also when a call is
 * aborted) counts as busy and is no longer timed out once the server closes. So during a drain
 * responses not yet started say `Connection: close`, connections with no open response are
 * closed at once, and every other one as soon as its last response ends.
 */
export function watchConnections(server: Server): ConnectionWatch {
  const openOn = new Map<Socket, number>();
  let openResponses = 0;
  let draining = false;
  const closeIfUnused = (socket: Socket) => {
    if (draining && (openOn.get(socket) ?? 0) === 0) socket.destroySoon();
  };
  server.on("connection", (socket: Socket) => {
    openOn.set(socket, 0);
    socket.once("close", () => openOn.delete(socket));
  });
  server.on("request", (request, response: ServerResponse) => {
    const socket = request.socket;
    openOn.set(socket, (openOn.get(socket) ?? 0) + 1);
    openResponses++;
    if (draining) response.shouldKeepAlive = false;
    response.once("close", () => {
      openResponses--;
      if (openOn.has(socket)) openOn.set(socket, (openOn.get(socket) ?? 1) - 1);
      closeIfUnused(socket);
    });
  });
  return {
    get openResponses() {
      return openResponses;
    },
    drain() {
      draining = true;
      for (const socket of openOn.keys()) {
        const response = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
        if (response && !response.headersSent) response.shouldKeepAlive = false;
        closeIfUnused(socket);
      }
    },
    closeAll() {
      for (const socket of openOn.keys()) socket.destroy();
    },
  };
}
