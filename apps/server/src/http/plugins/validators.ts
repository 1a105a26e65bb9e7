import { Ajv, type ValidateFunction } from "ajv";
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
  // Compiled on first use (see lazy-compilers.ts); Fastify reads the failures from `.errors`.
  app.setValidatorCompiler(({ schema, httpPart }) => {
    let compiled: ValidateFunction | undefined;
    const validate = (data: unknown) => {
      compiled ??= (httpPart === "body" ? bodyAjv : textAjv).compile(schema);
      const valid = compiled(data);
      validate.errors = compiled.errors;
      return valid;
    };
    validate.errors = null as ValidateFunction["errors"];
    return validate;
  });
}
