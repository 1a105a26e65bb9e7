import { describe, expect, it } from "vitest";
import { detectDocumentFormat } from "./detect-document-format.js";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("detectDocumentFormat", () => {
  it.each([
    ["report.pdf", "pdf"],
    ["Report.PDF", "pdf"],
    ["letter.docx", "docx"],
    ["README.md", "markdown"],
    ["notes.markdown", "markdown"],
    ["notes.txt", "text"],
    ["page.html", "html"],
    ["page.htm", "html"],
    ["data.csv", "csv"],
    ["data.tsv", "csv"],
    ["C:\\Users\\me\\Docs\\data.csv", "csv"],
  ])("recognises %s by its extension", (name, format) => {
    expect(detectDocumentFormat(name, bytes("anything"))).toBe(format);
  });

  it("recognises a PDF by its header whatever its name", () => {
    expect(detectDocumentFormat("scan.bin", bytes("%PDF-1.7\n..."))).toBe("pdf");
    expect(detectDocumentFormat("download", bytes("%PDF-1.4"))).toBe("pdf");
  });

  it.each(["old.doc", "sheet.xlsx", "slides.pptx", "archive.zip", "photo.png", "movie.mp4", "script.exe"])("refuses %s", (name) => {
    expect(detectDocumentFormat(name, bytes("PK\u0003\u0004..."))).toBeUndefined();
  });

  it("takes a name without an extension as text only when its first bytes are UTF-8 text", () => {
    expect(detectDocumentFormat("README", bytes("Plain words, 中文也可以。"))).toBe("text");
    expect(detectDocumentFormat("LICENSE", bytes("Copyright \u00e9".repeat(10)).subarray(0, 25))).toBe("text"); // cut inside "é"
    expect(detectDocumentFormat("index", bytes("<!DOCTYPE html><html><body>hi</body></html>"))).toBe("html");
    expect(detectDocumentFormat("blob", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]))).toBeUndefined();
    expect(detectDocumentFormat("latin1", new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x61]))).toBeUndefined();
    expect(detectDocumentFormat("empty", new Uint8Array())).toBeUndefined();
    expect(detectDocumentFormat(".env", bytes("A=1"))).toBe("text");
  });
});
