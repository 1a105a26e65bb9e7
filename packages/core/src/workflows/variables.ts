/**
 * Variable references and the value types of workflow variables.
 *
 * One syntax everywhere: `{{Node_id.field}}`, with deeper paths `{{Node_id.field.key.0}}`.
 * A config value that is exactly one reference keeps the referenced value's type (an array
 * stays an array); any other string is a template and renders to text.
 */

export const scalarTypes = ["String", "Number", "Boolean", "Object", "File"] as const;
export type ScalarType = (typeof scalarTypes)[number];
/** `Any` is what the engine cannot know before running (an HTTP body's JSON, a path into an Object). */
export type VarType = ScalarType | `Array<${ScalarType}>` | "Array<Any>" | "Any";

export const variableTypes: readonly VarType[] = [...scalarTypes, ...scalarTypes.map((t) => `Array<${t}>` as VarType)];

export const isVarType = (value: unknown): value is VarType => typeof value === "string" && (variableTypes as readonly string[]).includes(value);

export interface VarRef {
  nodeId: string;
  /** First element is the node's output field. */
  path: string[];
  /** The reference as written, braces included. */
  raw: string;
}

const REF_BODY = String.raw`\s*([A-Za-z]+_[A-Za-z0-9]{4})((?:\.[A-Za-z0-9_]+)+)\s*`;
const REF_GLOBAL = new RegExp(String.raw`\{\{${REF_BODY}\}\}`, "g");
const WHOLE_REF = new RegExp(String.raw`^\{\{${REF_BODY}\}\}$`);
/** Anything between double braces, so malformed references can be reported instead of printed. */
const ANY_BRACES = /\{\{([^}]*)\}\}/g;

const toRef = (raw: string, nodeId: string, path: string): VarRef => ({ nodeId, path: path.slice(1).split("."), raw });

/** The reference when `value` is exactly one `{{...}}`, else undefined. */
export function wholeRef(value: unknown): VarRef | undefined {
  if (typeof value !== "string") return undefined;
  const m = WHOLE_REF.exec(value);
  return m ? toRef(m[0], m[1]!, m[2]!) : undefined;
}

/** Every well-formed reference in a string. */
export function refsIn(text: string): VarRef[] {
  const out: VarRef[] = [];
  for (const m of text.matchAll(REF_GLOBAL)) out.push(toRef(m[0], m[1]!, m[2]!));
  return out;
}

/** `{{...}}` fragments that are not valid references (typos such as `{{query}}`). */
export function malformedRefs(text: string): string[] {
  const bad: string[] = [];
  for (const m of text.matchAll(ANY_BRACES)) if (!WHOLE_REF.test(m[0])) bad.push(m[0]);
  return bad;
}

/** Where values of earlier nodes live during a run. Iteration bodies chain to the outer scope. */
export class Scope {
  private readonly values = new Map<string, Record<string, unknown>>();

  constructor(private readonly parent?: Scope) {}

  set(nodeId: string, outputs: Record<string, unknown>): void {
    this.values.set(nodeId, outputs);
  }

  get(nodeId: string): Record<string, unknown> | undefined {
    return this.values.get(nodeId) ?? this.parent?.get(nodeId);
  }

  lookup(ref: VarRef): unknown {
    let value: unknown = this.get(ref.nodeId);
    for (const key of ref.path) {
      if (value === null || value === undefined || typeof value !== "object") return undefined;
      // Own properties only: a path must never reach `__proto__` or `constructor`.
      value = Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
    }
    return value;
  }

  /** A single reference keeps its type; other strings render; non-strings are literals. */
  resolve(source: unknown): unknown {
    if (typeof source !== "string") return source;
    if (!source.includes("{{")) return source;
    const ref = wholeRef(source);
    return ref ? this.lookup(ref) : this.render(source);
  }

  render(template: string): string {
    if (!template.includes("{{")) return template;
    return template.replace(REF_GLOBAL, (_, nodeId: string, path: string) => toText(this.lookup(toRef("", nodeId, path))));
  }
}

/** How a value appears inside text: strings as they are, missing values as nothing, the rest as JSON. */
export function toText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** The type a runtime value has, as far as the type system can tell. */
export function typeOfValue(value: unknown): VarType | "Null" {
  if (value === null || value === undefined) return "Null";
  if (typeof value === "string") return "String";
  if (typeof value === "number") return "Number";
  if (typeof value === "boolean") return "Boolean";
  if (Array.isArray(value)) return "Array<Any>";
  return "Object";
}

/** Whether a runtime value fits a declared type (File values are URL strings). */
export function valueMatches(value: unknown, type: VarType): boolean {
  if (type === "Any") return true;
  if (type.startsWith("Array<")) {
    if (!Array.isArray(value)) return false;
    const inner = type.slice(6, -1) as VarType;
    return inner === "Any" || value.every((v) => valueMatches(v, inner));
  }
  switch (type) {
    case "String":
    case "File":
      return typeof value === "string";
    case "Number":
      return typeof value === "number" && Number.isFinite(value);
    case "Boolean":
      return typeof value === "boolean";
    case "Object":
      return value !== null && typeof value === "object" && !Array.isArray(value);
    default:
      return false;
  }
}

/** Whether a value of type `actual` may flow where `expected` is required (checked at publish). */
export function typeCompatible(actual: VarType, expected: VarType): boolean {
  if (actual === expected || expected === "Any" || actual === "Any") return true;
  const isArray = (t: VarType) => t.startsWith("Array<");
  if (expected === "Array<Any>") return isArray(actual);
  if (actual === "Array<Any>") return isArray(expected);
  const fileish = (t: VarType) => t === "String" || t === "File";
  if (fileish(actual) && fileish(expected)) return true;
  if (isArray(actual) && isArray(expected)) return typeCompatible(actual.slice(6, -1) as VarType, expected.slice(6, -1) as VarType);
  return false;
}
