import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import type { FastifyInstance } from "fastify";

/**
 * Two validators: query strings and path parameters arrive as text and are coerced to the
 * declared types; JSON bodies are not coerced, so `"5"` where a number belongs is an error
 * rather than a guess. Unknown properties are reported, never silently dropped.
 */
export function installValidators(app: FastifyInstance): void {
  // verbose: errors carry the failing schema, so a union of literals can list its allowed values.
  const common = { allErrors: false, removeAdditional: false, useDefaults: true, strict: false, verbose: true } as const;
  const bodyAjv = addFormats.default(new Ajv({ ...common, coerceTypes: false }));
  const textAjv = addFormats.default(new Ajv({ ...common, coerceTypes: "array" }));
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === "body" ? bodyAjv : textAjv).compile(schema));
}
