import type { ServerOptions } from "node:http";

/**
 * node:http options that bound how long receiving one request may take: its headers and its
 * whole body must arrive within `requestTimeoutMs`, or the server answers 408 and closes the
 * connection (a client that announces a Content-Length and sends less is cut off). Node stops
 * timing a request once it has been received, so long responses such as SSE streams are not
 * affected. Node checks at `connectionsCheckingInterval` (30 s by default); a tenth of the limit,
 * at most a second, keeps the cut-off close to the configured value.
 */
export function requestTimeouts(requestTimeoutMs: number): Pick<ServerOptions, "requestTimeout" | "headersTimeout" | "connectionsCheckingInterval"> {
  return {
    requestTimeout: requestTimeoutMs,
    headersTimeout: requestTimeoutMs,
    connectionsCheckingInterval: Math.min(1000, Math.max(10, Math.floor(requestTimeoutMs / 10))),
  };
}
