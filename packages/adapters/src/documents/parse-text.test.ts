import { describe, expect, it } from "vitest";
import { parseText } from "./parse-text.js";

describe("parseText", () => {
  it("splits paragraphs on blank lines and keeps line breaks inside them", () => {
    expect(parseText("First line\r\nsecond line\r\n\r\n  \r\n中文段落。第二句！\n\u3000\nLast.  \n").blocks).toEqual([
      { kind: "paragraph", text: "First line\nsecond line" },
      { kind: "paragraph", text: "中文段落。第二句！" },
      { kind: "paragraph", text: "Last." },
    ]);
  });
});
