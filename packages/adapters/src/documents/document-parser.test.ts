import { describe, expect, it } from "vitest";
import { createDocumentParser } from "./document-parser.js";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("createDocumentParser", () => {
  const parser = createDocumentParser();

  it.each(["pdf", "docx", "markdown", "text", "html", "csv"] as const)("refuses an empty %s file", async (format) => {
    await expect(parser.parse(new Uint8Array(), format, {})).rejects.toMatchObject({ code: "InvalidParameter", message: "The file is empty" });
  });

  it("refuses files with no text in them", async () => {
    const noText = { code: "InvalidParameter", message: "The file contains no text" };
    await expect(parser.parse(bytes(" \n\n\t "), "text", {})).rejects.toMatchObject(noText);
    await expect(parser.parse(bytes("<html><script>x()</script></html>"), "html", {})).rejects.toMatchObject(noText);
    await expect(parser.parse(bytes("name,age\n"), "csv", {})).rejects.toMatchObject(noText);
    await expect(parser.parse(bytes("---\n\n***\n"), "markdown", {})).rejects.toMatchObject(noText);
  });

  it("refuses a binary file named as text", async () => {
    await expect(parser.parse(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]), "text", {})).rejects.toMatchObject({
      message: "The file does not contain text (it looks like a binary file)",
    });
  });

  it("turns a parser library's own failure into a clear error", async () => {
    // Quotes nested deeper than marked's recursion can go.
    await expect(parser.parse(bytes(`${">".repeat(50_000)} deep`), "markdown", {})).rejects.toMatchObject({
      code: "InvalidParameter",
      message: "The file could not be read (it may be damaged)",
    });
  });

  it("cleans text both databases can store, in composed form", async () => {
    // A decomposed "é", a control character from a broken font map, and a lone surrogate.
    const parsed = await parser.parse(bytes("Cafe\u0301 \u0007menu \ud800end"), "text", {});
    expect(parsed.blocks).toEqual([{ kind: "paragraph", text: "Café menu \ufffdend" }]);
  });
});
