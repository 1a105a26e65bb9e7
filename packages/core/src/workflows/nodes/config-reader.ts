import { isVarType, type VarType } from "../variables.js";
import type { Report } from "../workflow-types.js";

type Raw = Record<string, unknown>;

/**
 * Reads a node's raw JSON config field by field, applying defaults and reporting every
 * problem with its field path, so one publish attempt lists everything that is wrong.
 */
export class ConfigReader {
  constructor(
    readonly raw: Raw,
    readonly report: Report,
    private readonly prefix = "",
  ) {}

  private f(field: string): string {
    return this.prefix ? `${this.prefix}.${field}` : field;
  }

  /** A reader for an object nested at `field` (an array element: `items[2]`). */
  child(value: unknown, field: string): ConfigReader {
    const obj = value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Raw) : {};
    if (obj !== value) this.report(this.f(field), "must be an object");
    return new ConfigReader(obj, this.report, this.f(field));
  }

  string(field: string, options: { required?: boolean; fallback?: string; max?: number } = {}): string {
    const value = this.raw[field];
    if (value === undefined || value === null || value === "") {
      if (options.required) this.report(this.f(field), "is required");
      return options.fallback ?? "";
    }
    if (typeof value !== "string") {
      this.report(this.f(field), "must be a string");
      return options.fallback ?? "";
    }
    if (options.max !== undefined && value.length > options.max) this.report(this.f(field), `must be at most ${options.max} characters long`);
    return value;
  }

  optionalString(field: string): string | undefined {
    const value = this.raw[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") this.report(this.f(field), "must be a string");
    return typeof value === "string" ? value : undefined;
  }

  number(field: string, options: { fallback?: number; min?: number; max?: number; integer?: boolean } = {}): number | undefined {
    const value = this.raw[field];
    if (value === undefined || value === null) return options.fallback;
    const ok = typeof value === "number" && Number.isFinite(value) && (!options.integer || Number.isInteger(value));
    const inRange = ok && (options.min === undefined || value >= options.min) && (options.max === undefined || value <= options.max);
    if (!inRange) {
      const range = [options.min !== undefined ? `>= ${options.min}` : "", options.max !== undefined ? `<= ${options.max}` : ""].filter(Boolean).join(" and ");
      this.report(this.f(field), `must be ${options.integer ? "a whole number" : "a number"}${range ? ` ${range}` : ""}`);
      return options.fallback;
    }
    return value as number;
  }

  boolean(field: string, fallback: boolean): boolean {
    const value = this.raw[field];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== "boolean") {
      this.report(this.f(field), "must be true or false");
      return fallback;
    }
    return value;
  }

  oneOf<T extends string>(field: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw[field];
    if (value === undefined || value === null) return fallback;
    if (!(allowed as readonly unknown[]).includes(value)) {
      this.report(this.f(field), `must be one of ${allowed.join(", ")}`);
      return fallback;
    }
    return value as T;
  }

  varType(field: string, fallback: VarType = "String"): VarType {
    const value = this.raw[field];
    if (value === undefined || value === null) return fallback;
    if (!isVarType(value)) {
      this.report(this.f(field), "must be String, Number, Boolean, Object, File or Array<one of those>");
      return fallback;
    }
    return value;
  }

  array(field: string, options: { required?: boolean; max?: number } = {}): unknown[] {
    const value = this.raw[field];
    if (value === undefined || value === null) {
      if (options.required) this.report(this.f(field), "is required");
      return [];
    }
    if (!Array.isArray(value)) {
      this.report(this.f(field), "must be a list");
      return [];
    }
    if (options.max !== undefined && value.length > options.max) this.report(this.f(field), `must have at most ${options.max} entries`);
    return value;
  }

  /** Each element of a list of objects, with a reader for it. */
  objects<T>(field: string, read: (item: ConfigReader, index: number) => T, options: { required?: boolean; max?: number } = {}): T[] {
    return this.array(field, options).map((item, i) => read(this.child(item, `${field}[${i}]`), i));
  }

  /** A string → value map such as HTTP headers. */
  record(field: string): Record<string, unknown> {
    const value = this.raw[field];
    if (value === undefined || value === null) return {};
    if (typeof value !== "object" || Array.isArray(value)) {
      this.report(this.f(field), "must be an object");
      return {};
    }
    return value as Raw;
  }

  /** The field path as reported, for sources built from nested config. */
  path(field: string): string {
    return this.f(field);
  }
}

export const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Unique, well-formed variable names in a list (Start variables, Script outputs ...). */
export function checkNames(names: { name: string; field: string }[], report: Report, reserved: readonly string[] = []): void {
  const seen = new Set<string>();
  for (const { name, field } of names) {
    if (!NAME_PATTERN.test(name)) report(field, `'${name}' is not a valid name: use letters, digits and '_', not starting with a digit`);
    else if (reserved.includes(name)) report(field, `'${name}' is reserved`);
    else if (seen.has(name)) report(field, `duplicate name '${name}'`);
    seen.add(name);
  }
}
