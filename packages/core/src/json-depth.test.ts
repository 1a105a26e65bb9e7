import { describe, expect, it } from "vitest";
import { formatJsonPath, jsonDepthProblem, pathBeyondDepth } from "./json-depth.js";

/** `levels` nested objects `{a: {a: … {}}}`, built without recursion. */
function nestedObjects(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 1; i < levels; i++) value = { a: value };
  return value;
}

describe("pathBeyondDepth", () => {
  it("counts objects and arrays as levels, scalars as none", () => {
    for (const scalar of [null, 1, "text", true, undefined]) expect(pathBeyondDepth(scalar, 0)).toBeUndefined();
    expect(pathBeyondDepth({}, 1)).toBeUndefined();
    expect(pathBeyondDepth({}, 0)).toEqual([]);
    expect(pathBeyondDepth({ a: [1, "x"] }, 2)).toBeUndefined();
    expect(pathBeyondDepth({ a: [1, "x"] }, 1)).toEqual(["a"]);
    expect(pathBeyondDepth([[["deep"]]], 2)).toEqual([0, 0]);
  });

  it("accepts exactly the limit and reports the path where it is crossed", () => {
    expect(pathBeyondDepth(nestedObjects(64), 64)).toBeUndefined();
    expect(pathBeyondDepth(nestedObjects(65), 64)).toEqual(Array(64).fill("a"));
  });

  it("reports the first offending path in document order", () => {
    const value = { shallow: { x: 1 }, first: [{}, { deep: {} }], second: { deep: { deeper: {} } } };
    expect(pathBeyondDepth(value, 3)).toEqual(["first", 1, "deep"]);
  });

  it("measures 100,000 levels without overflowing the stack, and stops at the limit", () => {
    const value = nestedObjects(100_000);
    expect(() => JSON.stringify(value)).toThrow(RangeError);
    expect(pathBeyondDepth(value, 64)).toHaveLength(64);
    expect(pathBeyondDepth(value, 100_000)).toBeUndefined();
  });

  it("walks an object with more keys than a function call takes arguments", () => {
    const wide: Record<string, unknown> = {};
    for (let i = 0; i < 300_000; i++) wide[`k${i}`] = [];
    wide.k299999 = [[[]]];
    expect(pathBeyondDepth(wide, 3)).toEqual(["k299999", 0, 0]);
  });

  it("reports a cycle as too deep instead of walking it forever", () => {
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    expect(pathBeyondDepth(cyclic, 8)).toEqual(Array(8).fill("self"));
  });

  it("starts counting at the given level for a value inside a larger document", () => {
    expect(pathBeyondDepth(nestedObjects(62), 64, 3)).toBeUndefined();
    expect(pathBeyondDepth(nestedObjects(63), 64, 3)).toHaveLength(62);
  });
});

describe("jsonDepthProblem", () => {
  it("names the field, cutting long paths and keys", () => {
    expect(jsonDepthProblem({ ok: {} }, 2, "body")).toBeUndefined();
    expect(jsonDepthProblem({ input: { biz_params: { o: {} } } }, 3, "body")).toEqual({
      field: "body.input.biz_params.o",
      message: "is past the nesting limit: JSON may nest objects and arrays at most 3 levels deep",
    });
    expect(jsonDepthProblem({ list: [[[]]] }, 3, "body")?.field).toBe("body.list.0.0");
    expect(jsonDepthProblem(nestedObjects(100), 64, "body")?.field).toBe(`body.${Array(12).fill("a").join(".")}…`);
    expect(formatJsonPath("body", ["k".repeat(50)])).toBe(`body.${"k".repeat(40)}…`);
    expect(formatJsonPath("", ["a", 0])).toBe("a.0");
  });
});
