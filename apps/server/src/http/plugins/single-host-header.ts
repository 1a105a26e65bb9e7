import { AppError } from "@appstudio/core";
import type { FastifyInstance } from "fastify";

/**
 * Refuses a request with more than one Host header (RFC 9112 §3.2 says a server must answer 400).
 * Node keeps the first and a proxy in front may route by the last, so two hosts would let one
 * request be judged by a different host than the one it was routed by.
 */
export function refuseDuplicateHostHeaders(app: FastifyInstance): void {
  app.addHook("onRequest", (request, _reply, done) => {
    const raw = request.raw.rawHeaders;
    let hosts = 0;
    for (let i = 0; i < raw.length; i += 2) if (raw[i]?.toLowerCase() === "host") hosts++;
    done(hosts > 1 ? new AppError("InvalidParameter", "A request may carry only one Host header.") : undefined);
  });
}
