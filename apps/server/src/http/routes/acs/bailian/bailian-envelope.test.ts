import { describe, expect, it } from "vitest";
import { jsonParameter, nextTokenAfter, optionalBoolean, optionalInteger, pageOf, tokenPageOf } from "./bailian-envelope.js";

describe("Bailian parameters", () => {
  it("reads whole numbers sent as text and refuses anything else", () => {
    expect(optionalInteger("7", "pageNo", { min: 1, max: 10 })).toBe(7);
    expect(optionalInteger(undefined, "pageNo", { min: 1, max: 10 })).toBeUndefined();
    for (const bad of ["0", "11", "1.5", "x", "1e2", " "]) {
      expect(() => optionalInteger(bad, "pageNo", { min: 1, max: 10 })).toThrow(/pageNo: must be a whole number from 1 to 10/);
    }
  });

  it("reads booleans and JSON parameters", () => {
    expect(optionalBoolean("true", "f")).toBe(true);
    expect(optionalBoolean("false", "f")).toBe(false);
    expect(() => optionalBoolean("yes", "f")).toThrow(/f: must be true or false/);
    expect(jsonParameter('{"a":1}', "applicationConfig")).toEqual({ a: 1 });
    expect(jsonParameter({ a: 1 }, "applicationConfig")).toEqual({ a: 1 });
    expect(() => jsonParameter("{", "applicationConfig")).toThrow(/applicationConfig: must be valid JSON/);
  });

  it("turns page numbers into offsets", () => {
    expect(pageOf(undefined, undefined, { pageNo: "pageNo", pageSize: "pageSize" })).toEqual({ pageNo: 1, pageSize: 10, limit: 10, offset: 0 });
    expect(pageOf("3", "20", { pageNo: "pageNo", pageSize: "pageSize" })).toEqual({ pageNo: 3, pageSize: 20, limit: 20, offset: 40 });
    expect(() => pageOf("1", "101", { pageNo: "PageNumber", pageSize: "PageSize" })).toThrow(/PageSize/);
  });

  it("pages with opaque next tokens until the last page", () => {
    const first = tokenPageOf("2", undefined);
    expect(first).toEqual({ limit: 2, offset: 0 });
    const token = nextTokenAfter({ ...first, total: 5 });
    expect(token).toBeTypeOf("string");
    expect(tokenPageOf("2", token)).toEqual({ limit: 2, offset: 2 });
    expect(nextTokenAfter({ limit: 2, offset: 4, total: 5 })).toBeUndefined();
    expect(() => tokenPageOf(undefined, "not-a-token!")).toThrow(/nextToken/);
  });
});
