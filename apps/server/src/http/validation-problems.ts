/** One Ajv error as Fastify hands it over (`verbose: true` adds the failing schema). */
export interface AjvProblem {
  instancePath?: string;
  schemaPath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
  schema?: unknown;
}

export interface FieldProblem {
  field: string;
  message: string;
}

type Schema = { const?: unknown; enum?: unknown[]; type?: unknown; [key: string]: unknown };

/** Keywords a branch may carry and still be described in a word ("'a'", "an integer", "null"). */
const SIMPLE_KEYWORDS = new Set(["const", "enum", "type", "description", "title", "default", "examples", "format", "$id"]);

const quote = (value: unknown) => (typeof value === "string" ? `'${value}'` : JSON.stringify(value));

const TYPE_NAMES: Record<string, string> = {
  string: "a string",
  integer: "an integer",
  number: "a number",
  boolean: "true or false",
  null: "null",
  object: "an object",
  array: "an array",
};

/** "'a'", "'a', 'b'", "an integer" — or undefined when the branch is too rich to name in a word. */
function alternativesOf(branch: unknown): string[] | undefined {
  if (typeof branch !== "object" || branch === null) return undefined;
  const schema = branch as Schema;
  if (Object.keys(schema).some((k) => !SIMPLE_KEYWORDS.has(k))) return undefined;
  if ("const" in schema) return [quote(schema.const)];
  if (Array.isArray(schema.enum)) return schema.enum.map(quote);
  if (typeof schema.type === "string" && TYPE_NAMES[schema.type]) return [TYPE_NAMES[schema.type] as string];
  return undefined;
}

/** "must be one of 'a', 'b' or null" for an anyOf of simple branches; undefined otherwise. */
function describeAlternatives(branches: unknown): string | undefined {
  if (!Array.isArray(branches)) return undefined;
  const names: string[] = [];
  for (const branch of branches) {
    const alternatives = alternativesOf(branch);
    if (!alternatives) return undefined;
    names.push(...alternatives);
  }
  if (names.length === 0) return undefined;
  if (names.length === 1) return `must be ${names[0]}`;
  return `must be one of ${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}

/** The dotted field path people use (`input.prompt`, `limit`), from an Ajv instance path. */
const pathOf = (instancePath: string | undefined) =>
  (instancePath ?? "")
    .replace(/^\//, "")
    .split("/")
    .filter((part) => part !== "")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .join(".");

const join = (context: string, path: string) => (path ? `${context}.${path}` : context);

/**
 * Turns Ajv's errors into one message per field. A union of literals fails as one `const`
 * error per branch ("must be equal to constant") plus an `anyOf`; those collapse into one
 * message that lists the allowed values. Every enum and const error names its values too.
 */
export function describeValidation(context: string, errors: AjvProblem[]): FieldProblem[] {
  const covered = new Set<string>();
  const unions: { schemaPath: string; problem: FieldProblem }[] = [];
  for (const e of errors) {
    if (e.keyword !== "anyOf" || !e.schemaPath) continue;
    const message = describeAlternatives(e.schema);
    if (message) unions.push({ schemaPath: e.schemaPath, problem: { field: join(context, pathOf(e.instancePath)), message } });
  }

  const problems: FieldProblem[] = [];
  const add = (problem: FieldProblem) => {
    if (covered.has(problem.field)) return;
    covered.add(problem.field);
    problems.push(problem);
  };
  for (const e of errors) {
    // A branch of a described union, or the union itself: one message says it all.
    const union = unions.find((u) => e.schemaPath === u.schemaPath || e.schemaPath?.startsWith(`${u.schemaPath}/`));
    if (union) {
      add(union.problem);
      continue;
    }
    add(describeOne(context, e));
  }
  return problems;
}

function describeOne(context: string, e: AjvProblem): FieldProblem {
  const path = pathOf(e.instancePath);
  const params = e.params ?? {};
  if (e.keyword === "required" && typeof params.missingProperty === "string") {
    return { field: join(context, path ? `${path}.${params.missingProperty}` : params.missingProperty), message: e.message ?? "is required" };
  }
  if (e.keyword === "additionalProperties" && typeof params.additionalProperty === "string") {
    return { field: join(context, path ? `${path}.${params.additionalProperty}` : params.additionalProperty), message: "is not a known field" };
  }
  if (e.keyword === "const") return { field: join(context, path), message: `must be ${quote(params.allowedValue)}` };
  if (e.keyword === "enum" && Array.isArray(params.allowedValues)) {
    return { field: join(context, path), message: describeAlternatives([{ enum: params.allowedValues }]) ?? "is not an allowed value" };
  }
  return { field: join(context, path), message: e.message ?? "is invalid" };
}
