/** Tiny JSON Schema helpers for the malformed-request walker: a valid sample, and a value of the wrong type. */
export type Schema = Record<string, any>;

/** Samples for the patterns our contracts use; a new pattern fails loudly here instead of silently. */
const PATTERN_SAMPLES: Record<string, string> = {
  "^ws-[a-z0-9]{16}$": "ws-0000000000000000",
  "^[0-9a-f]{32}$": "0".repeat(32),
  // A JSON-RPC method name (MCP).
  "^[A-Za-z0-9_./-]+$": "tools/list",
};

/** A value that satisfies `schema` (optional properties included, so every field can be varied). */
export function sample(schema: Schema): unknown {
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alternatives)) return sample(alternatives[0]);
  if (Array.isArray(schema.allOf)) return Object.assign({}, ...schema.allOf.map((s: Schema) => sample(s)));
  switch (typeOf(schema)) {
    case "object":
      return Object.fromEntries(Object.entries<Schema>(schema.properties ?? {}).map(([k, s]) => [k, sample(s)]));
    case "array":
      return Array.from({ length: schema.minItems ?? 0 }, () => sample(schema.items ?? {}));
    case "string":
      if (schema.pattern !== undefined) {
        const known = PATTERN_SAMPLES[schema.pattern];
        if (known === undefined) throw new Error(`json-samples: add a sample for pattern ${schema.pattern}`);
        return known;
      }
      if (schema.format === "date-time") return new Date().toISOString();
      return "s".repeat(Math.max(schema.minLength ?? 0, Math.min(8, schema.maxLength ?? 8)));
    case "integer":
    case "number":
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? Math.floor(schema.exclusiveMinimum) + 1 : 1);
    case "boolean":
      return false;
    case "null":
      return null;
    default:
      return {};
  }
}

/** The JSON type a schema wants; unions of one type count as that type. */
export function typeOf(schema: Schema): string | undefined {
  if (typeof schema.type === "string") return schema.type;
  if (Array.isArray(schema.enum)) return typeof schema.enum[0];
  const alternatives: Schema[] | undefined = schema.anyOf ?? schema.oneOf;
  if (alternatives) {
    const types = new Set(alternatives.map(typeOf));
    return types.size === 1 ? [...types][0] : undefined;
  }
  return undefined;
}

/** A value no schema of that type accepts (undefined when the schema accepts several types). */
export function wrongType(schema: Schema): unknown {
  switch (typeOf(schema)) {
    case "string":
      return 12345;
    case "integer":
    case "number":
      return "12";
    case "boolean":
      return "true";
    case "array":
      return { not: "an array" };
    case "object":
      return "not an object";
    default:
      return undefined;
  }
}
