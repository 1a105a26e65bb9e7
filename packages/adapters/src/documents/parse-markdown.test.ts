import { describe, expect, it } from "vitest";
import { parseMarkdown } from "./parse-markdown.js";

describe("parseMarkdown", () => {
  it("reads headings, paragraphs, lists, code, tables, quotes and raw HTML as blocks", () => {
    const source = [
      "---",
      "title: Install guide",
      "---",
      "# Guide",
      "",
      "Run **the installer** and see [the docs](https://example.com/docs) or `npm start`.",
      "",
      "## Linux",
      "",
      "- apt",
      "- yum",
      "  - dnf",
      "- [x] done",
      "",
      "3. third",
      "4. fourth",
      "",
      "```sh",
      "sudo apt install x",
      "```",
      "",
      "| OS | Command |",
      "| --- | --- |",
      "| Debian | apt \\| dpkg |",
      "",
      "> Quoted advice.",
      "",
      "<div><p>Raw <b>HTML</b></p></div>",
      "",
      "中文段落。第二句！",
    ].join("\r\n");
    expect(parseMarkdown(source)).toEqual({
      title: "Install guide",
      pageCount: null,
      blocks: [
        { kind: "heading", level: 1, text: "Guide" },
        { kind: "paragraph", text: "Run the installer and see the docs (https://example.com/docs) or npm start." },
        { kind: "heading", level: 2, text: "Linux" },
        { kind: "list", text: "- apt\n- yum\n  - dnf\n- [x] done" },
        { kind: "list", text: "3. third\n4. fourth" },
        { kind: "code", text: "sudo apt install x" },
        { kind: "table", text: "| OS | Command |\n| --- | --- |\n| Debian | apt \\| dpkg |" },
        { kind: "paragraph", text: "Quoted advice." },
        { kind: "paragraph", text: "Raw HTML" },
        { kind: "paragraph", text: "中文段落。第二句！" },
      ],
    });
  });
});
