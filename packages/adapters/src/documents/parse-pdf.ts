import { isAppError, type ParsedDocument } from "@appstudio/core";
import { getDocumentProxy } from "unpdf";
import { invalidDocument, throwIfAborted } from "./invalid-document.js";
import { layoutPdfPages, type PdfTextItem } from "./pdf-text-layout.js";

type PdfDocument = Awaited<ReturnType<typeof getDocumentProxy>>;

/**
 * Reads the text layer of a PDF with pdf.js (the serverless build unpdf bundles: pure
 * JavaScript, no canvas, no native code), page by page, so every block knows its page.
 * PDFs that only forbid copying or printing (encrypted with an empty user password) open
 * normally; PDFs that need a password to open are refused.
 */
export async function parsePdf(content: Uint8Array, options: { maxPages: number; signal?: AbortSignal }): Promise<ParsedDocument> {
  const { maxPages, signal } = options;
  // pdf.js accepts a few bytes of junk before the header, as readers do.
  if (!new TextDecoder("latin1").decode(content.subarray(0, 1024)).includes("%PDF-")) throw invalidDocument("The file is not a valid PDF");
  let pdf: PdfDocument | undefined;
  const stop = () => void pdf?.destroy();
  signal?.addEventListener("abort", stop, { once: true });
  try {
    // A copy: pdf.js may take over (detach) the buffer it is given, and the caller keeps its own.
    pdf = await getDocumentProxy(content.slice(), { verbosity: 0, isEvalSupported: false, disableFontFace: true });
    throwIfAborted(signal);
    if (pdf.numPages > maxPages) throw invalidDocument(`The PDF has ${pdf.numPages} pages; at most ${maxPages} are supported`);
    const pages: PdfTextItem[][] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      throwIfAborted(signal);
      pages.push(await readPage(pdf, number));
    }
    const blocks = layoutPdfPages(pages);
    if (blocks.length === 0) throw invalidDocument("The PDF has no text layer (scanned images are not supported)");
    return { blocks, pageCount: pdf.numPages, ...(await titleOf(pdf)) };
  } catch (error) {
    throwIfAborted(signal);
    throw readableError(error);
  } finally {
    signal?.removeEventListener("abort", stop);
    await pdf?.destroy();
  }
}

async function readPage(pdf: PdfDocument, number: number): Promise<PdfTextItem[]> {
  const page = await pdf.getPage(number);
  try {
    const content = await page.getTextContent();
    // Marked-content items (no `str`) carry no text.
    return content.items.filter((item): item is PdfTextItem & (typeof content.items)[number] => "str" in item);
  } finally {
    page.cleanup();
  }
}

async function titleOf(pdf: PdfDocument): Promise<{ title?: string }> {
  const { info } = await pdf.getMetadata().catch(() => ({ info: undefined }));
  const title = (info as { Title?: unknown } | undefined)?.Title;
  return typeof title === "string" && title.trim() !== "" ? { title: title.trim() } : {};
}

/** pdf.js names its exceptions; anything else it throws means a file it could not make sense of. */
function readableError(error: unknown): unknown {
  if (isAppError(error)) return error;
  const name = error instanceof Error ? error.name : "";
  if (name === "PasswordException") return invalidDocument("The PDF is password-protected");
  if (name === "InvalidPDFException") return invalidDocument("The file is not a valid PDF");
  return invalidDocument("The PDF could not be read (the file may be damaged)");
}
