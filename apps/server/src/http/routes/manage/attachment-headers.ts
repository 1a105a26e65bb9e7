import type { DocumentFormat } from "@appstudio/core";

const CONTENT_TYPES: Record<DocumentFormat, string> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  markdown: "text/markdown; charset=utf-8",
  text: "text/plain; charset=utf-8",
  html: "text/html; charset=utf-8",
  csv: "text/csv; charset=utf-8",
};

/**
 * Headers that make an uploaded file a download, never a page of this origin: an uploaded HTML
 * file opened inline would run its scripts with the console's cookie. `attachment` makes
 * browsers save it, the sandbox CSP disarms it should one render it anyway, and the name is
 * given twice (RFC 6266): an ASCII fallback without quotes or control characters, and the
 * exact UTF-8 name percent-encoded.
 */
export function attachmentHeaders(fileName: string, format: DocumentFormat): Record<string, string> {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is replaced
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%;]/g, "_");
  const utf8 = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return {
    "content-type": CONTENT_TYPES[format],
    "content-disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`,
    "content-security-policy": "sandbox; default-src 'none'",
    "x-content-type-options": "nosniff",
    "cache-control": "private, no-store",
  };
}
