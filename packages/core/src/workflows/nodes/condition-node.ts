import type { VarType } from "../variables.js";
import type { NodeDefinition, NodeSource } from "../workflow-types.js";
import { ConfigReader, NAME_PATTERN } from "./config-reader.js";

export const conditionOperators = [
  "equals",
  "notEquals",
  "contains",
  "notContains",
  "startsWith",
  "endsWith",
  "isEmpty",
  "isNotEmpty",
  "gt",
  "gte",
  "lt",
  "lte",
  "isTrue",
  "isFalse",
] as const;
export type ConditionOperator = (typeof conditionOperators)[number];

const UNARY: readonly ConditionOperator[] = ["isEmpty", "isNotEmpty", "isTrue", "isFalse"];
const NUMERIC: readonly ConditionOperator[] = ["gt", "gte", "lt", "lte"];

interface Comparison {
  left: string;
  operator: ConditionOperator;
  right: unknown;
}

interface ConditionBranch {
  /** The edge handle taken when this branch matches. */
  id: string;
  logic: "and" | "or";
  conditions: Comparison[];
}

export interface ConditionConfig {
  branches: ConditionBranch[];
}

export const ELSE_HANDLE = "else";

/** if / else-if / else: the first branch whose comparisons hold wins; none → `else`. */
export const conditionNode: NodeDefinition<ConditionConfig> = {
  type: "Condition",
  parse(raw, report) {
    const r = new ConfigReader(raw, report);
    const seen = new Set<string>();
    const branches = r.objects(
      "branches",
      (b, i) => {
        const id = b.string("id", { required: true });
        if (id && (!NAME_PATTERN.test(id) || id === ELSE_HANDLE || id === "error"))
          report(`branches[${i}].id`, `'${id}' cannot be a branch id (use a name other than else/error)`);
        if (seen.has(id)) report(`branches[${i}].id`, `duplicate branch id '${id}'`);
        seen.add(id);
        const conditions = b.objects(
          "conditions",
          (c) => {
            const operator = c.oneOf("operator", conditionOperators, "equals");
            const comparison: Comparison = { left: c.string("left", { required: true }), operator, right: c.raw.right ?? "" };
            return comparison;
          },
          { required: true, max: 50 },
        );
        return { id, logic: b.oneOf("logic", ["and", "or"] as const, "and"), conditions };
      },
      { required: true, max: 20 },
    );
    return { branches };
  },
  outputs: () => ({ branch: "String" }),
  sources(config) {
    const sources: NodeSource[] = [];
    for (const [i, b] of config.branches.entries()) {
      for (const [j, c] of b.conditions.entries()) {
        const at = `branches[${i}].conditions[${j}]`;
        const expect: VarType | undefined = NUMERIC.includes(c.operator)
          ? "Number"
          : c.operator === "isTrue" || c.operator === "isFalse"
            ? "Boolean"
            : undefined;
        sources.push(expect ? { field: `${at}.left`, value: c.left, expect } : { field: `${at}.left`, value: c.left });
        if (!UNARY.includes(c.operator)) sources.push({ field: `${at}.right`, value: c.right });
      }
    }
    return sources;
  },
  handles: (config) => [...config.branches.map((b) => b.id), ELSE_HANDLE],
  async run(ctx) {
    for (const [i, branch] of ctx.config.branches.entries()) {
      const results = branch.conditions.map((c, j) => {
        const at = `branches[${i}].conditions[${j}]`;
        return compare(ctx.inputs[`${at}.left`], c.operator, ctx.inputs[`${at}.right`]);
      });
      const matched = branch.logic === "and" ? results.every(Boolean) : results.some(Boolean);
      if (matched) return { outputs: { branch: branch.id }, handle: branch.id };
    }
    return { outputs: { branch: ELSE_HANDLE }, handle: ELSE_HANDLE };
  },
};

/** One typed comparison. The left side's runtime type decides how the right side is read. */
export function compare(left: unknown, operator: ConditionOperator, right: unknown): boolean {
  switch (operator) {
    case "isEmpty":
      return isEmpty(left);
    case "isNotEmpty":
      return !isEmpty(left);
    case "isTrue":
      return left === true || left === "true";
    case "isFalse":
      return left === false || left === "false";
    case "gt":
    case "gte":
    case "lt":
    case "lte": {
      const a = toNumber(left);
      const b = toNumber(right);
      if (a === undefined || b === undefined) return false;
      return operator === "gt" ? a > b : operator === "gte" ? a >= b : operator === "lt" ? a < b : a <= b;
    }
    case "equals":
      return same(left, right);
    case "notEquals":
      return !same(left, right);
    case "contains":
      return contains(left, right);
    case "notContains":
      return !contains(left, right);
    case "startsWith":
      return typeof left === "string" && left.startsWith(String(right ?? ""));
    case "endsWith":
      return typeof left === "string" && left.endsWith(String(right ?? ""));
  }
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object") return Object.keys(value).length === 0;
  return false;
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && value.trim() !== "") {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** Numbers compare as numbers, booleans as booleans, everything else as its text. */
function same(left: unknown, right: unknown): boolean {
  if (typeof left === "number") return toNumber(right) === left;
  if (typeof left === "boolean") return String(right) === String(left);
  if (left !== null && typeof left === "object") return JSON.stringify(left) === (typeof right === "string" ? right : JSON.stringify(right));
  return String(left ?? "") === String(right ?? "");
}

function contains(left: unknown, right: unknown): boolean {
  if (typeof left === "string") return left.includes(String(right ?? ""));
  if (Array.isArray(left)) return left.some((item) => same(item, right));
  return false;
}
