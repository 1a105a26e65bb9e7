import { AppError, jsonDepthProblem } from "@appstudio/core";
import type { FastifyInstance } from "fastify";

/**
 * Every JSON body goes through here: Fastify's own parser (prototype-poisoning checks
 * included), then a bound on nesting depth, measured without recursion. A body nested
 * thousands of levels deep is tiny but overflows the stack of whatever walks it later
 * (validation, templates, JSON.stringify), so it is refused before any route sees it:
 * `400 InvalidParameter` naming the field where the limit is crossed.
 */
export function installJsonBodyParser(app: FastifyInstance, maxDepth: number): void {
  const parse = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    parse(request, body as string, (error, value) => {
      if (error) return done(error, undefined);
      const problem = jsonDepthProblem(value, maxDepth, "body");
      if (problem) return done(new AppError("InvalidParameter", `Invalid request: ${problem.field} ${problem.message}`, { fields: [problem] }), undefined);
      done(null, value);
    });
  });
}
