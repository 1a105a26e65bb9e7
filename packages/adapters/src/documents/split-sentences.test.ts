import { describe, expect, it } from "vitest";
import { splitByLength, splitSentences } from "./split-sentences.js";

describe("splitSentences", () => {
  it.each([
    ["Hello there. How are you? Fine!", ["Hello there.", " How are you?", " Fine!"]],
    ["Pi is 3.14 today. Version 1.2.3 is out.", ["Pi is 3.14 today.", " Version 1.2.3 is out."]],
    ['He said "stop." Then he left.', ['He said "stop."', " Then he left."]],
    ["中文段落。第二句！第三句？最后", ["中文段落。", "第二句！", "第三句？", "最后"]],
    ["「引用。」后面", ["「引用。」", "后面"]],
    ["line one\nline two\n\n  line three", ["line one", "\nline two", "\n\n  line three"]],
    ["No end at all", ["No end at all"]],
  ])("cuts %j", (text, parts) => {
    expect(splitSentences(text)).toEqual(parts);
    expect(splitSentences(text).join("")).toBe(text);
  });
});

describe("splitByLength", () => {
  it("cuts at a space near the end of each part and keeps every character", () => {
    const text = "alpha beta gamma delta epsilon zeta eta theta";
    const parts = splitByLength(text, 12);
    expect(parts.join("")).toBe(text);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(12);
    expect(parts[0]).toBe("alpha beta ");
  });

  it("never cuts a surrogate pair", () => {
    const text = "😀😁😂🤣😃😄";
    for (const size of [1, 2, 3, 5]) {
      const parts = splitByLength(text, size);
      expect(parts.join("")).toBe(text);
      for (const part of parts) expect(part).toMatch(/^(\p{Extended_Pictographic})+$/u);
    }
  });
});
