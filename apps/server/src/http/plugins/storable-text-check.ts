import { findUnstorableText, invalidField, UNSTORABLE_TEXT_MESSAGE } from "@appstudio/core";
import type { FastifyRequest } from "fastify";

declare module "fastify" {
  interface FastifyContextConfig {
    /**
     * An app call (the app API's completion, the console's test run). Its body is call content
     * (a prompt, a history, biz_params): free text stored with NUL replaced, never refused (path
     * and query are still checked); and it is in the call log also when refused.
     */
    appCall?: boolean;
  }
}

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
