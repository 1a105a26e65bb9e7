import { type DocumentFormat, type DocumentParser, isAppError, type ParsedBlock, type ParsedDocument, storableText } from "@appstudio/core";
import { decodeText } from "./decode-text.js";
import { detectDocumentFormat } from "./detect-document-format.js";
import { invalidDocument, throwIfAborted } from "./invalid-document.js";
import { parseText } from "./parse-text.js";

export interface DocumentParserLimits {
  /** PDFs with more pages are refused. */
  maxPdfPages: number;
  /** A DOCX whose parts expand to more bytes is refused as a possible zip bomb. */
  maxDocxUncompressedBytes: number;
  maxDocxEntries: number;
}

export const defaultDocumentParserLimits: DocumentParserLimits = {
  maxPdfPages: 2000,
  maxDocxUncompressedBytes: 100 * 1024 * 1024,
  maxDocxEntries: 10_000,
};

/**
 * Parses uploaded documents (PDF, DOCX, Markdown, text, HTML, CSV) into blocks. Every problem
 * with a file is an `AppError("InvalidParameter")` whose message tells the user what is wrong.
 * The time limit is the caller's: pass `AbortSignal.timeout(ms)` as `signal`.
 */
export function createDocumentParser(limits: Partial<DocumentParserLimits> = {}): DocumentParser {
  const { maxPdfPages, maxDocxUncompressedBytes, maxDocxEntries } = { ...defaultDocumentParserLimits, ...limits };
  // Parsers load on first use: their libraries (pdf.js, mammoth, parse5, marked) would add
  // ~0.2 s to every server start, and parsing runs in worker threads anyway.
  const parseFormat = async (content: Uint8Array, format: DocumentFormat, signal: AbortSignal | undefined): Promise<ParsedDocument> => {
    switch (format) {
      case "pdf": {
        const { parsePdf } = await import("./parse-pdf.js");
        return parsePdf(content, { maxPages: maxPdfPages, ...(signal ? { signal } : {}) });
      }
      case "docx": {
        const { parseDocx } = await import("./parse-docx.js");
        return parseDocx(content, { maxUncompressedBytes: maxDocxUncompressedBytes, maxEntries: maxDocxEntries, ...(signal ? { signal } : {}) });
      }
      case "markdown":
        return (await import("./parse-markdown.js")).parseMarkdown(decodeText(content));
      case "html":
        return (await import("./parse-html.js")).parseHtml(decodeText(content));
      case "csv":
        return (await import("./parse-csv.js")).parseCsv(decodeText(content));
      case "text":
        return parseText(decodeText(content));
    }
  };
  return {
    detectFormat: detectDocumentFormat,
    async parse(content, format, options = {}) {
      if (content.byteLength === 0) throw invalidDocument("The file is empty");
      throwIfAborted(options.signal);
      const parsed = await parseFormat(content, format, options.signal).catch((error: unknown) => {
        throwIfAborted(options.signal);
        if (isAppError(error)) throw error;
        // A parser library failing in a way it does not name (a file nested deeper than the
        // stack allows, a malformed part) is still a problem with this file, not with the server.
        throw invalidDocument("The file could not be read (it may be damaged)", error instanceof Error ? error.message : String(error));
      });
      const blocks = parsed.blocks.map(cleanBlock).filter((block) => block.text.trim() !== "");
      if (blocks.length === 0) throw invalidDocument("The file contains no text");
      return { ...parsed, blocks };
    },
  };
}

/**
 * Text both databases store alike (no NUL, no lone surrogates), without other control
 * characters (PDFs with broken font maps produce them), in composed form (NFC) so "é" typed in
 * a query matches "é" decomposed in a file.
 */
function cleanBlock(block: ParsedBlock): ParsedBlock {
  return { ...block, text: storableText(block.text).replace(controlCharacters, "").normalize("NFC") };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const controlCharacters = /[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
