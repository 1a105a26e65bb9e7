import { describe, expect, it } from "vitest";
import { parseCsv } from "./parse-csv.js";

describe("parseCsv", () => {
  it("writes each row with its column names, leaving empty values out", () => {
    const csv = 'name,city,note\nAda,London,"likes ""tea"", and cake"\nBo,,\n\n城市,北京,中文段落。第二句！\n';
    expect(parseCsv(csv).blocks).toEqual([
      { kind: "paragraph", text: 'name: Ada; city: London; note: likes "tea", and cake' },
      { kind: "paragraph", text: "name: Bo" },
      { kind: "paragraph", text: "name: 城市; city: 北京; note: 中文段落。第二句！" },
    ]);
  });

  it("tells semicolon- and tab-separated files apart and names unnamed or extra columns", () => {
    expect(parseCsv("a;b\n1;2\n").blocks).toEqual([{ kind: "paragraph", text: "a: 1; b: 2" }]);
    expect(parseCsv("a\t\n1\t2\t3\n").blocks).toEqual([{ kind: "paragraph", text: "a: 1; column 2: 2; column 3: 3" }]);
  });

  it("reports a malformed file with its line", () => {
    expect(() => parseCsv('a,b\n1,"unterminated\n')).toThrow(/^The CSV file could not be read/);
  });
});
