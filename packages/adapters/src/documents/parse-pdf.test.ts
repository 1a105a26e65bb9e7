import { describe, expect, it } from "vitest";
import { createDocumentParser } from "./document-parser.js";
import { makePasswordProtectedPdf, makePdf, makeTextlessPdf, makeTruncatedPdf } from "./testing/sample-documents.js";

describe("PDF parsing", () => {
  const parser = createDocumentParser();

  it("keeps each block's page, joins wrapped lines into paragraphs and reads headings and the title", async () => {
    const pdf = await makePdf(
      [
        ["# Annual report", "Revenue grew in every region this year. ".repeat(6), "A second paragraph on the first page."],
        ["The vault code is 7731, written only on the second page."],
        ["# Outlook", "Next year looks similar."],
      ],
      { title: "Report 2025" },
    );
    const parsed = await parser.parse(pdf, "pdf", {});
    expect(parsed.pageCount).toBe(3);
    expect(parsed.title).toBe("Report 2025");
    expect(parsed.blocks).toEqual([
      { kind: "heading", level: 1, text: "Annual report", page: 1 },
      { kind: "paragraph", text: "Revenue grew in every region this year. ".repeat(6).trim(), page: 1 },
      { kind: "paragraph", text: "A second paragraph on the first page.", page: 1 },
      { kind: "paragraph", text: "The vault code is 7731, written only on the second page.", page: 2 },
      { kind: "heading", level: 1, text: "Outlook", page: 3 },
      { kind: "paragraph", text: "Next year looks similar.", page: 3 },
    ]);
  });

  it("refuses a password-protected PDF", async () => {
    await expect(parser.parse(makePasswordProtectedPdf(), "pdf", {})).rejects.toMatchObject({
      code: "InvalidParameter",
      message: "The PDF is password-protected",
    });
  });

  it("refuses a truncated PDF and bytes that are not a PDF", async () => {
    const notValid = { code: "InvalidParameter", message: "The file is not a valid PDF" };
    await expect(parser.parse(await makeTruncatedPdf(), "pdf", {})).rejects.toMatchObject(notValid);
    await expect(parser.parse(new TextEncoder().encode("%PDF-1.7\nnot really"), "pdf", {})).rejects.toMatchObject(notValid);
    await expect(parser.parse(new TextEncoder().encode("just text named .pdf"), "pdf", {})).rejects.toMatchObject(notValid);
  });

  it("refuses a PDF without a text layer, such as a scan", async () => {
    await expect(parser.parse(await makeTextlessPdf(2), "pdf", {})).rejects.toMatchObject({
      code: "InvalidParameter",
      message: "The PDF has no text layer (scanned images are not supported)",
    });
  });

  it("refuses a PDF with more pages than the limit", async () => {
    const pdf = await makePdf([["one"], ["two"], ["three"]]);
    await expect(createDocumentParser({ maxPdfPages: 2 }).parse(pdf, "pdf", {})).rejects.toMatchObject({
      message: "The PDF has 3 pages; at most 2 are supported",
    });
  });

  it("stops at the time limit with a clear reason, and passes other aborts on", async () => {
    const pdf = await makePdf([["one"], ["two"]]);
    const timedOut = new AbortController();
    timedOut.abort(new DOMException("The operation timed out.", "TimeoutError"));
    await expect(parser.parse(pdf, "pdf", { signal: timedOut.signal })).rejects.toMatchObject({
      code: "InvalidParameter",
      message: "Reading the file took longer than the time limit allows",
    });
    const cancelled = new AbortController();
    const shutdown = new Error("server shutting down");
    cancelled.abort(shutdown);
    await expect(parser.parse(pdf, "pdf", { signal: cancelled.signal })).rejects.toBe(shutdown);
  });

  it("aborts a PDF being read when the signal fires after the start", async () => {
    const pdf = await makePdf(Array.from({ length: 40 }, (_, i) => [`Page ${i + 1} text.`]));
    const controller = new AbortController();
    const parsing = parser.parse(pdf, "pdf", { signal: controller.signal });
    queueMicrotask(() => controller.abort(new DOMException("The operation timed out.", "TimeoutError")));
    await expect(parsing).rejects.toMatchObject({ message: "Reading the file took longer than the time limit allows" });
  });

  it("leaves the caller's bytes intact", async () => {
    const pdf = await makePdf([["Keep me."]]);
    const copy = pdf.slice();
    await parser.parse(pdf, "pdf", {});
    expect(pdf.byteLength).toBe(copy.byteLength);
    expect(Buffer.from(pdf).equals(Buffer.from(copy))).toBe(true);
  });
});
