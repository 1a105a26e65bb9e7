import type { DocumentFormat } from "@appstudio/core";

const formatByExtension: Record<string, DocumentFormat> = {
  pdf: "pdf",
  docx: "docx",
  md: "markdown",
  markdown: "markdown",
  txt: "text",
  text: "text",
  html: "html",
  htm: "html",
  xhtml: "html",
  csv: "csv",
  tsv: "csv",
};

/**
 * Recognises a document from its name and first bytes (a few KiB are enough).
 *
 * The content wins where it is unambiguous: a file that starts with `%PDF-` is a PDF whatever it
 * is called. Otherwise the extension decides, and the parser reports a file whose content does
 * not match (a `.pdf` that is not a PDF fails with "The file is not a valid PDF"), which is a
 * clearer message than "unsupported type". A name without an extension is taken as text only
 * when its first bytes are text, and as HTML when they open an HTML document. Any other
 * extension (`.doc`, `.xlsx`, `.zip`, `.png`...) is unsupported.
 */
export function detectDocumentFormat(fileName: string, head: Uint8Array): DocumentFormat | undefined {
  if (startsWithAscii(head, "%PDF-")) return "pdf";
  const extension = extensionOf(fileName);
  if (extension !== undefined) return formatByExtension[extension];
  if (!looksLikeText(head)) return undefined;
  return /^\s*<(!doctype\s+html|html[\s>])/i.test(asciiPrefix(head)) ? "html" : "text";
}

function extensionOf(fileName: string): string | undefined {
  // Browsers and CLIs may send a path; only the last segment is the name.
  const base = fileName.split(/[\\/]/).pop() ?? "";
  const dot = base.lastIndexOf(".");
  // ".env"-style names (dot first) have no extension.
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : undefined;
}

function startsWithAscii(bytes: Uint8Array, prefix: string): boolean {
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix.charCodeAt(i)) return false;
  return true;
}

function asciiPrefix(bytes: Uint8Array): string {
  return new TextDecoder("utf-8").decode(bytes.subarray(0, 256)).replace(/^\uFEFF/, "");
}

/** True when the bytes are valid UTF-8 (a character cut at the end is fine) without NULs. */
function looksLikeText(head: Uint8Array): boolean {
  if (head.length === 0 || head.includes(0)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(trimIncompleteCharacter(head));
    return true;
  } catch {
    return false;
  }
}

/** Drops a UTF-8 sequence cut short by the end of the head, so it does not read as invalid. */
function trimIncompleteCharacter(bytes: Uint8Array): Uint8Array {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: look further back for the lead
    const expected = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return expected > back ? bytes.subarray(0, bytes.length - back) : bytes;
  }
  return bytes;
}
