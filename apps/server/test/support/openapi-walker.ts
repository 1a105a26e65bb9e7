import { type Schema, sample, typeOf, wrongType } from "./json-samples.js";

export interface Param {
  name: string;
  schema: Schema;
}

export interface Operation {
  method: string;
  /** OpenAPI path, e.g. /manage/v1/apps/{app} */
  path: string;
  pathParams: Param[];
  queryParams: Param[];
  body: { schema: Schema; required: boolean } | undefined;
  /** An app API (sk- keys: DashScope or OpenAI-compatible) rather than the management API. */
  dashscope: boolean;
  /** The OpenAI-compatible view: errors in OpenAI's shape `{error: {message, type, param, code}, request_id}`. */
  openai: boolean;
  /** Reachable without credentials (sign-in and sign-out). */
  public: boolean;
}

export interface MalformedCase {
  name: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Exact status when the contract pins it; otherwise any 4xx. */
  status?: number;
  /** A field the error's details.fields must name (body.x, query.limit...). */
  field?: string;
  /** Sent without credentials. */
  anonymous?: boolean;
  /** Text the error message must contain, when the reason matters (not just any 400). */
  message?: string;
}

/** Supplies path values: existing resources, or well-formed IDs that exist nowhere. */
export interface PathValues {
  real(op: Operation, param: Param): string;
  unknown(param: Param): string;
}

export function operationsOf(doc: { paths: Record<string, Record<string, any>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!["get", "post", "put", "patch", "delete"].includes(method)) continue;
      const params: (Param & { in: string })[] = (op.parameters ?? []).map((p: any) => ({ in: p.in, name: p.name, schema: p.schema ?? {} }));
      const bodySchema = op.requestBody?.content?.["application/json"]?.schema;
      ops.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === "path"),
        queryParams: params.filter((p) => p.in === "query"),
        body: bodySchema ? { schema: bodySchema, required: op.requestBody.required === true } : undefined,
        dashscope: path.startsWith("/api/") || path.startsWith("/compatible-mode/"),
        openai: path.startsWith("/compatible-mode/") || path.startsWith("/api/v2/"),
        public: /\/session$/.test(path),
      });
    }
  }
  return ops;
}

const HUGE = "x".repeat(3000);
/** Past the nesting limit (64) yet far below the walker's body limit: only the depth is wrong. */
const DEEP_LEVELS = 200;
const DEEP_ARRAYS = `${"[".repeat(DEEP_LEVELS)}${"]".repeat(DEEP_LEVELS)}`;
const DEEP_OBJECTS = `${'{"a":'.repeat(DEEP_LEVELS - 1)}{}${"}".repeat(DEEP_LEVELS - 1)}`;
const DEEP_MESSAGE = "at most 64 levels deep";
const JSON_HEADERS = { "content-type": "application/json" };

/** Every malformed request the walker sends to one operation. None of them may succeed or cause a 5xx. */
export function malformedCases(op: Operation, values: PathValues): MalformedCase[] {
  const cases: MalformedCase[] = [];
  const exact = (status: number) => (op.dashscope ? undefined : status);
  const url = (pick: (p: Param) => string, query = "") =>
    op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(pick(op.pathParams.find((p) => p.name === name)!))) + query;
  // Only reads and body-validation cases touch real resources; anything that could change or delete one aims at unknown IDs.
  const safe = (p: Param) => (op.method === "GET" ? values.real(op, p) : values.unknown(p));
  const real = (p: Param) => values.real(op, p);
  const validBody = op.body ? JSON.stringify(sample(op.body.schema)) : undefined;
  const withValidBody = validBody === undefined ? {} : { headers: JSON_HEADERS, body: validBody };
  const add = (c: Omit<MalformedCase, "method" | "headers"> & { headers?: Record<string, string> }) => cases.push({ method: op.method, headers: {}, ...c });

  if (!op.public) add({ name: "no credentials", url: url(safe), ...withValidBody, status: 401, anonymous: true });

  for (const target of op.pathParams) {
    const pick = (value: string) => (p: Param) => (p.name === target.name ? value : safe(p));
    add({ name: `unknown ${target.name}`, url: url(pick(values.unknown(target))), ...withValidBody, status: exact(404) });
    const tooLong = target.schema.maxLength !== undefined && target.schema.maxLength < HUGE.length;
    add({ name: `huge ${target.name}`, url: url(pick(HUGE)), ...withValidBody, ...(tooLong ? { status: exact(400) } : {}) });
    for (const odd of ["../../etc/passwd", "💥", "' or 1=1 --", "%"])
      add({ name: `odd ${target.name} ${JSON.stringify(odd)}`, url: url(pick(odd)), ...withValidBody });
    // PostgreSQL refuses a NUL where SQLite takes it: the management API refuses it first, on both.
    add({
      name: `NUL in ${target.name}`,
      url: url(pick("a\u0000b")),
      ...withValidBody,
      ...(op.dashscope ? {} : { status: 400, field: `params.${target.name}` }),
    });
    if (typeOf(target.schema) === "integer") {
      add({ name: `non-integer ${target.name}`, url: url(pick("abc")), ...withValidBody, status: exact(400) });
      // Bounded by the schema, so a number PostgreSQL's integer cannot hold never reaches a query.
      add({
        name: `absurd ${target.name}`,
        url: url(pick("99999999999999999999")),
        ...withValidBody,
        ...(target.schema.maximum !== undefined ? { status: exact(400) } : {}),
      });
      if (target.schema.minimum !== undefined)
        add({ name: `below-minimum ${target.name}`, url: url(pick(String(target.schema.minimum - 1))), ...withValidBody, status: exact(400) });
    }
  }

  if (op.queryParams.length > 0) {
    const q = (name: string, value: string) => `?${new URLSearchParams({ [name]: value })}`;
    // The DashScope surface tolerates unknown parameters, as the hosted API does; the management API refuses them.
    if (!op.dashscope)
      add({ name: "unknown query parameter", url: url(safe, q("unexpectedParam", "1")), ...withValidBody, status: 400, field: "query.unexpectedParam" });
    for (const p of op.queryParams) {
      const bad = (label: string, value: string, status?: number) =>
        add({
          name: `query ${p.name} ${label}`,
          url: url(safe, q(p.name, value)),
          ...withValidBody,
          ...(status && !op.dashscope ? { status, field: `query.${p.name}` } : {}),
        });
      const type = typeOf(p.schema);
      if (type === "integer" || type === "number") {
        bad("not a number", "abc", 400);
        bad("absurd", "99999999999999999999", p.schema.maximum !== undefined ? 400 : undefined);
        bad("negative", "-5", p.schema.minimum !== undefined && p.schema.minimum > -5 ? 400 : undefined);
        if (p.schema.maximum !== undefined) bad("above maximum", String(p.schema.maximum + 1), 400);
      }
      if (type === "boolean") bad("not a boolean", "maybe", 400);
      if (Array.isArray(p.schema.enum) || p.schema.anyOf) bad("not a member", "not-a-member", 400);
      if (p.schema.format === "date-time") bad("not a date-time", "yesterday", 400);
      if (type === "string") bad("huge", HUGE, p.schema.maxLength !== undefined && p.schema.maxLength < HUGE.length ? 400 : undefined);
      // On the app API a filter holding a NUL simply matches nothing, alike on both dialects.
      if (type === "string" && !op.dashscope) bad("holding a NUL", "a\u0000b", 400);
    }
  }

  if (op.body) cases.push(...bodyCases(op, url(real)));
  return cases;
}

function bodyCases(op: Operation, target: string): MalformedCase[] {
  const cases: MalformedCase[] = [];
  const schema = op.body!.schema;
  const valid = sample(schema) as Record<string, unknown>;
  const status = op.dashscope ? undefined : 400;
  // DashScope bodies are checked for 4xx only: its schemas are lenient by design and its fields semantic.
  const send = (name: string, body: string | undefined, headers: Record<string, string> = JSON_HEADERS, extra: Partial<MalformedCase> = {}) =>
    cases.push({ name, method: op.method, url: target, headers, ...(body === undefined ? {} : { body }), ...(status ? { status, ...extra } : {}) });

  send("malformed JSON", '{"name": "unterminated');
  send("trailing garbage after JSON", `${JSON.stringify(valid)} trailing`);
  send("prototype pollution", '{"__proto__": {"polluted": true}}');
  for (const notAnObject of ["[]", "null", "42", '"text"']) send(`JSON ${notAnObject} instead of an object`, notAnObject);
  if (op.body!.required) {
    send("empty body declared as JSON", "");
    send("no body at all", undefined, {});
  }
  send("text/plain body", JSON.stringify(valid), { "content-type": "text/plain" });
  send("form-encoded body", "name=x&password=y", { "content-type": "application/x-www-form-urlencoded" });
  send("XML body", "<name>x</name>", { "content-type": "application/xml" });
  send("oversize body", JSON.stringify({ ...valid, padding: "p".repeat(8192) }));
  // Nesting past the limit is refused by the body parser, before routes and validation, on both surfaces.
  cases.push({
    name: "deeply nested arrays as the body",
    method: op.method,
    url: target,
    headers: JSON_HEADERS,
    body: DEEP_ARRAYS,
    status: 400,
    message: DEEP_MESSAGE,
  });
  if (typeOf(schema) !== "object") return cases;

  if (!op.dashscope) send("unknown field", JSON.stringify({ ...valid, unexpectedField: 1 }), JSON_HEADERS, { field: "body.unexpectedField" });
  for (const [field, fieldSchema] of Object.entries<Schema>(schema.properties ?? {})) {
    const withField = (value: unknown) => JSON.stringify({ ...valid, [field]: value });
    const wrong = wrongType(fieldSchema);
    if (wrong !== undefined) send(`wrong type for ${field}`, withField(wrong), JSON_HEADERS, { field: `body.${field}` });
    const nullable = typeOf(fieldSchema) === undefined || typeOf(fieldSchema) === "null" || (fieldSchema.anyOf ?? []).some((s: Schema) => s.type === "null");
    if (!nullable) {
      send(`null ${field}`, withField(null), JSON_HEADERS, { field: `body.${field}` });
    }
    const deep = (text: string) => JSON.stringify({ ...valid, [field]: "__deep__" }).replace('"__deep__"', text);
    for (const [shape, text] of [
      ["arrays", DEEP_ARRAYS],
      ["objects", DEEP_OBJECTS],
    ]) {
      cases.push({
        name: `deeply nested ${shape} in ${field}`,
        method: op.method,
        url: target,
        headers: JSON_HEADERS,
        body: deep(text!),
        status: 400,
        field: `body.${field}`,
        message: DEEP_MESSAGE,
      });
    }
    const type = typeOf(fieldSchema);
    if (type === "string" && fieldSchema.maxLength !== undefined && fieldSchema.maxLength < HUGE.length) {
      send(`huge ${field}`, withField(HUGE), JSON_HEADERS, { field: `body.${field}` });
    }
    // A prompt is call content (stored with U+FFFD); everything else configured refuses a NUL.
    if (type === "string" && !/\/test-run$/.test(op.path)) send(`NUL in ${field}`, withField("a\u0000b"), JSON_HEADERS, { field: `body.${field}` });
    if (type === "integer" || type === "number") {
      // Absurd magnitudes may pass the schema when it sets no bound; they still must not reach the database as a 500.
      for (const absurd of [1e20, -1e15]) {
        const bounded = absurd > 0 ? fieldSchema.maximum !== undefined : fieldSchema.minimum !== undefined;
        if (bounded) send(`absurd ${field} ${absurd}`, withField(absurd), JSON_HEADERS, { field: `body.${field}` });
        else cases.push({ name: `absurd ${field} ${absurd}`, method: op.method, url: target, headers: JSON_HEADERS, body: withField(absurd) });
      }
      if (type === "integer") send(`fractional ${field}`, withField(1.5), JSON_HEADERS, { field: `body.${field}` });
    }
  }
  return cases;
}
