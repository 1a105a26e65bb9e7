import { findUnstorableText, invalidField, UNSTORABLE_TEXT_MESSAGE } from "@appstudio/core";
import type { FastifyRequest } from "fastify";
// Routes marked `appCall` (declared there) take call content in their body.
import type {} from "../app-call/record-refused-calls.js";

/**
 * preValidation hook of the management API. Everything configured there (names, IDs,
 * descriptions, app configs, filters) is refused with a 400 naming the field when it holds a
 * NUL or an unpaired surrogate: SQLite would store it and PostgreSQL refuse it, so the rule
 * lives here instead of in whichever database happens to run.
 */
export async function refuseUnstorableText(request: FastifyRequest): Promise<void> {
  const parts: [string, unknown][] = [
    ["params", request.params],
    ["query", request.query],
  ];
  if (!request.routeOptions.config.appCall) parts.push(["body", request.body]);
  for (const [part, value] of parts) {
    const path = findUnstorableText(value, part);
    if (path !== undefined) throw invalidField(path, UNSTORABLE_TEXT_MESSAGE);
  }
}
