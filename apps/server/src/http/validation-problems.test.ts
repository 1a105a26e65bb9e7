import * as Contracts from "@appstudio/contracts";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { describeValidation } from "./validation-problems.js";

type Schema = Record<string, unknown>;

const isLiteral = (s: unknown) => typeof s === "object" && s !== null && "const" in s;

/** Every anyOf whose branches are all literals, anywhere in the contracts. */
function literalUnions(value: unknown, found = new Map<string, unknown[]>()): Map<string, unknown[]> {
  if (typeof value !== "object" || value === null) return found;
  const schema = value as Schema;
  if (Array.isArray(schema.anyOf) && schema.anyOf.length > 1 && schema.anyOf.every(isLiteral)) {
    const values = schema.anyOf.map((b) => (b as Schema).const);
    found.set(JSON.stringify(values), values);
  }
  for (const child of Object.values(schema)) literalUnions(child, found);
  return found;
}

const bodyAjv = new Ajv({ allErrors: false, strict: false, verbose: true });

function problemsFor(schema: Schema, data: unknown) {
  const validate = bodyAjv.compile(schema);
  expect(validate(data)).toBe(false);
  return describeValidation("body", validate.errors ?? []);
}

describe("validation messages", () => {
  const unions = [...literalUnions(Contracts).values()];

  it("finds the unions of literals in the contracts (flow_stream_mode, policies, roles...)", () => {
    expect(unions.length).toBeGreaterThanOrEqual(8);
    expect(unions).toContainEqual(["full_thoughts", "agent_format", "message_format", "message_format_plus"]);
    expect(unions).toContainEqual(["FullAccess", "ControlFullAccess", "ReadOnlyAccess"]);
    expect(unions).toContainEqual(["admin", "member"]);
  });

  it("names the field and lists every allowed value of every union of literals, for a wrong string and a wrong type", () => {
    for (const values of unions) {
      const schema = { type: "object", properties: { field: { anyOf: values.map((v) => ({ type: typeof v, const: v })) } } };
      for (const wrong of ["not-a-member", 12345, null]) {
        const problems = problemsFor(schema, { field: wrong });
        expect(problems).toHaveLength(1);
        expect(problems[0]?.field).toBe("body.field");
        for (const v of values) expect(problems[0]?.message).toContain(typeof v === "string" ? `'${v}'` : JSON.stringify(v));
        expect(problems[0]?.message).not.toContain("constant");
      }
    }
  });

  it("describes nullable and mixed unions, array items, enums and consts", () => {
    const schema = {
      type: "object",
      properties: {
        mode: { anyOf: [{ type: "string", const: "a" }, { type: "integer" }, { type: "null" }] },
        list: {
          type: "array",
          items: {
            anyOf: [
              { type: "string", const: "x" },
              { type: "string", const: "y" },
            ],
          },
        },
        level: { enum: ["low", "high"] },
        ok: { const: true },
      },
    };
    expect(problemsFor(schema, { mode: "b" })).toEqual([{ field: "body.mode", message: "must be one of 'a', an integer or null" }]);
    expect(problemsFor(schema, { list: ["x", "z"] })).toEqual([{ field: "body.list.1", message: "must be one of 'x' or 'y'" }]);
    expect(problemsFor(schema, { level: "mid" })).toEqual([{ field: "body.level", message: "must be one of 'low' or 'high'" }]);
    expect(problemsFor(schema, { ok: false })).toEqual([{ field: "body.ok", message: "must be true" }]);
  });

  it("keeps the precise message inside a union of objects", () => {
    const schema = {
      type: "object",
      properties: {
        config: {
          anyOf: [
            { type: "object", required: ["model"], properties: { model: { type: "string" } } },
            { type: "object", required: ["nodes"], properties: { nodes: { type: "array" } } },
          ],
        },
      },
    };
    const problems = problemsFor(schema, { config: {} });
    expect(problems[0]).toEqual({ field: "body.config.model", message: "must have required property 'model'" });
  });
});
