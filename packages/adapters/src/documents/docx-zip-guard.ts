import { isAppError } from "@appstudio/core";
import yauzl from "yauzl";
import { invalidDocument } from "./invalid-document.js";

export interface ZipLimits {
  /** Most bytes all entries may expand to together. */
  maxUncompressedBytes: number;
  maxEntries: number;
}

/**
 * Checks a DOCX before mammoth opens it, so a zip bomb is refused instead of filling memory.
 *
 * The central directory (read by yauzl) declares each entry's sizes: too many entries, a total
 * above the limit, or a compression ratio no real document reaches are refused at once. The
 * parts mammoth reads (XML and relationships) are then inflated as streams and counted, because
 * declared sizes can lie; yauzl stops a stream that yields more than its entry declared.
 */
export async function checkDocxZip(content: Uint8Array, limits: ZipLimits): Promise<void> {
  const tooLarge = () => invalidDocument(`The DOCX expands to more than ${formatMiB(limits.maxUncompressedBytes)} (it may be a zip bomb)`);
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(Buffer.from(content.buffer, content.byteOffset, content.byteLength), { lazyEntries: true, strictFileNames: false });
  } catch {
    throw invalidDocument("The file is not a valid DOCX (it is not a readable zip archive)");
  }
  try {
    const parts: yauzl.Entry[] = [];
    let declared = 0;
    let hasDocument = false;
    for await (const entry of zip.eachEntry()) {
      declared += entry.uncompressedSize;
      if (zip.entriesRead > limits.maxEntries) throw invalidDocument(`The DOCX has more than ${limits.maxEntries} parts (it may be a zip bomb)`);
      if (declared > limits.maxUncompressedBytes) throw tooLarge();
      if (isAbsurdlyCompressed(entry)) throw invalidDocument("The DOCX has a part that expands more than 500 times (it may be a zip bomb)");
      if (entry.fileName === "word/document.xml") hasDocument = true;
      if (/\.(xml|rels)$/i.test(entry.fileName)) parts.push(entry);
    }
    if (!hasDocument) throw invalidDocument("The file is not a valid DOCX (word/document.xml is missing)");
    let inflated = 0;
    for (const entry of parts) {
      if (entry.isEncrypted()) throw invalidDocument("The DOCX is password-protected");
      const stream = await zip.openReadStreamPromise(entry);
      for await (const chunk of stream) {
        inflated += (chunk as Buffer).length;
        if (inflated > limits.maxUncompressedBytes) {
          stream.destroy();
          throw tooLarge();
        }
      }
    }
  } catch (error) {
    if (isAppError(error)) throw error;
    // A part inflating past the size its entry declares is how bombs slip past size checks.
    if (error instanceof Error && error.message.startsWith("too many bytes")) {
      throw invalidDocument("The DOCX expands to more than its zip directory declares (it may be a zip bomb)");
    }
    throw invalidDocument("The file is not a valid DOCX (the zip archive is damaged)");
  } finally {
    zip.close();
  }
}

/**
 * Real document parts compress 5-50 times; deflate tops out near 1,000 times, reached only by
 * long runs of one byte, which is what zip bombs are made of. Small parts are let through.
 */
function isAbsurdlyCompressed(entry: yauzl.Entry): boolean {
  return entry.uncompressedSize > 1024 * 1024 && entry.uncompressedSize > entry.compressedSize * 500;
}

function formatMiB(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MiB`;
}
