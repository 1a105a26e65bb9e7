import type { ParsedDocument } from "@appstudio/core";
import mammoth from "mammoth";
import { checkDocxZip, type ZipLimits } from "./docx-zip-guard.js";
import { invalidDocument, throwIfAborted } from "./invalid-document.js";
import { parseHtml } from "./parse-html.js";

/** An OLE compound file: what Word writes for a password-protected .docx, and for an old .doc. */
const compoundFileMagic = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * Reads a DOCX with mammoth, which maps Word's heading styles, lists and tables to HTML; the
 * HTML reader then makes the blocks. Images are skipped without being decoded, and mammoth
 * never follows links to external files.
 */
export async function parseDocx(content: Uint8Array, options: ZipLimits & { signal?: AbortSignal }): Promise<ParsedDocument> {
  if (compoundFileMagic.every((byte, i) => content[i] === byte)) {
    throw invalidDocument("The DOCX is password-protected, or is an old Word (.doc) file; save it as an unprotected .docx");
  }
  await checkDocxZip(content, options);
  throwIfAborted(options.signal);
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(content.buffer, content.byteOffset, content.byteLength) },
      { convertImage: mammoth.images.imgElement(async () => ({ src: "" })), externalFileAccess: false },
    );
    html = result.value;
  } catch {
    throw invalidDocument("The DOCX could not be read (the file may be damaged)");
  }
  throwIfAborted(options.signal);
  return parseHtml(html);
}
