import { invalidDocument } from "./invalid-document.js";

/**
 * Turns the bytes of a text-based file (text, Markdown, HTML, CSV) into a string.
 *
 * A byte-order mark decides first (UTF-8, UTF-16 LE/BE). Without one the bytes must be valid
 * UTF-8; when they are not, GB18030 (a superset of GBK, the usual legacy encoding of Chinese
 * files) is tried strictly, and Windows-1252 (a superset of Latin-1, which decodes any byte) is
 * the last resort. Latin-1 text almost never passes as strict GB18030, because some accented
 * letter is followed by a space or punctuation, which GB18030 does not allow as a second byte.
 */
export function decodeText(bytes: Uint8Array): string {
  const text = decodeWithoutCheck(bytes);
  // Binary files (images, archives, executables) renamed to .txt are full of NULs; text never is.
  if (text.includes("\u0000")) throw invalidDocument("The file does not contain text (it looks like a binary file)");
  return text;
}

function decodeWithoutCheck(bytes: Uint8Array): string {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return decodeStrict("utf-8", bytes.subarray(3)) ?? decodeWindows1252(bytes.subarray(3));
  if (startsWith(bytes, [0xff, 0xfe])) return decode("utf-16le", bytes.subarray(2));
  if (startsWith(bytes, [0xfe, 0xff])) return decode("utf-16be", bytes.subarray(2));
  return decodeStrict("utf-8", bytes) ?? decodeStrict("gb18030", bytes) ?? decodeWindows1252(bytes);
}

function decodeStrict(encoding: string, bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    // Invalid for this encoding, or the encoding is missing from a Node built without full ICU.
    return undefined;
  }
}

function decode(encoding: string, bytes: Uint8Array): string {
  return new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
}

/** Characters of Windows-1252's 0x80-0x9F range (undefined bytes keep their Latin-1 meaning). */
const windows1252High = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";

/**
 * Node's TextDecoder reads the "windows-1252" label as plain Latin-1 (its 0x80-0x9F become C1
 * controls instead of curly quotes, dashes and the euro sign), so those 32 bytes are mapped here.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString("latin1")
    .replace(/[\u0080-\u009f]/g, (c) => windows1252High[c.charCodeAt(0) - 0x80] ?? c);
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}
