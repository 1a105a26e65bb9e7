import { describe, expect, it } from "vitest";
import { findUnstorableText, isStorableText, storableText } from "./storable-text.js";

describe("storable text", () => {
  it("replaces NUL and unpaired surrogates with U+FFFD, keeping pairs and everything else", () => {
    expect(storableText("a\u0000b\u0000")).toBe("a\uFFFDb\uFFFD");
    expect(storableText("lead \ud83d, trail \udca9, pair \ud83d\udca9")).toBe("lead \uFFFD, trail \uFFFD, pair \ud83d\udca9");
    expect(storableText("\ud83d")).toBe("\uFFFD");
    const plain = "tab\t, bell\u0007, 中文, é";
    expect(storableText(plain)).toBe(plain);
    expect(isStorableText(plain)).toBe(true);
    expect(isStorableText("x\u0000")).toBe(false);
  });

  it("finds the first offending string or key, with its dotted path", () => {
    expect(findUnstorableText({ name: "ok", tags: ["fine"] }, "body")).toBeUndefined();
    expect(findUnstorableText({ name: "ok", config: { tools: [{ name: "t" }, { name: "b\u0000" }] }, z: "\u0000" }, "body")).toBe("body.config.tools.1.name");
    expect(findUnstorableText({ ok: 1, "k\u0000": 1 }, "query")).toBe("query.k\u0000");
    expect(findUnstorableText("\udc00")).toBe("");
    expect(findUnstorableText(null, "body")).toBeUndefined();
  });

  it("looks into each object once, and not into binary data", () => {
    const cyclic: Record<string, unknown> = { name: "ok" };
    cyclic.self = cyclic;
    expect(findUnstorableText(cyclic, "body")).toBeUndefined();
    expect(findUnstorableText({ file: Buffer.from("a\u0000b") }, "body")).toBeUndefined();
    // Fastify's query and params objects have a prototype of their own.
    const query = Object.create(Object.create(null));
    query.name = "a\u0000b";
    expect(findUnstorableText(query, "query")).toBe("query.name");
  });

  it("walks values nested far deeper than the call stack allows", () => {
    let deep: unknown = "bad\u0000";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnstorableText(deep, "body")?.split(".")).toHaveLength(100_001);
  });
});
