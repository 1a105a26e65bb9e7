import type { IncomingMessage, Server, ServerOptions, ServerResponse } from "node:http";

/** How often progress is checked: a tenth of the limit, at most a second, keeps cut-offs close to it. */
function checkInterval(limitMs: number): number {
  return Math.min(1000, Math.max(10, Math.floor(limitMs / 10)));
}

/**
 * node:http options that bound receiving one request, as nginx's client_header_timeout does:
 * the headers must arrive within `idleMs`, and the whole request within `ceilingMs`, or the
 * server answers 408 and closes the connection. The gap between body reads is bounded by
 * `watchBodyProgress`. Node stops timing a request once it has been received, so long responses
 * such as SSE streams are not affected. Node checks at `connectionsCheckingInterval` (30 s by
 * default), far too coarse for short limits.
 */
export function requestTimeouts(idleMs: number, ceilingMs: number): Pick<ServerOptions, "requestTimeout" | "headersTimeout" | "connectionsCheckingInterval"> {
  return { requestTimeout: ceilingMs, headersTimeout: idleMs, connectionsCheckingInterval: checkInterval(idleMs) };
}

/**
 * Cuts off a request whose body stops arriving for `idleMs` (nginx's client_body_timeout): a
 * client that announces a Content-Length and sends less is answered 408 (or, when an answer has
 * already been sent, the connection is closed). A body that keeps arriving may take as long as
 * node's `requestTimeout` allows, so large uploads over slow links get through. Watching stops
 * once the body has been received, before any long answer is streamed.
 */
export function watchBodyProgress(server: Server, idleMs: number): void {
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    if (!announcesBody(req)) return; // nothing to wait for: most GETs cost no timer
    const socket = req.socket;
    let lastBytes = socket.bytesRead;
    let lastProgress = performance.now();
    const timer = setInterval(() => {
      if (req.complete || socket.destroyed) return clearInterval(timer);
      // Bytes waiting for the application to read mean the server, not the client, is slow.
      if (socket.bytesRead !== lastBytes || req.readableLength > 0) {
        lastBytes = socket.bytesRead;
        lastProgress = performance.now();
        return;
      }
      if (performance.now() - lastProgress < idleMs) return;
      clearInterval(timer);
      cutOff(res);
    }, checkInterval(idleMs));
    timer.unref();
    req.once("end", () => clearInterval(timer));
    req.once("close", () => clearInterval(timer));
  });
}

function announcesBody(req: IncomingMessage): boolean {
  const length = req.headers["content-length"];
  return req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

function cutOff(res: ServerResponse): void {
  const socket = res.req.socket;
  if (res.headersSent) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ code: "RequestTimeout", message: "The request body stopped arriving." });
  res.writeHead(408, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body), connection: "close" });
  res.end(body, () => socket.destroy());
}
