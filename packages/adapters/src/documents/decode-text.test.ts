import { describe, expect, it } from "vitest";
import { decodeText } from "./decode-text.js";

describe("decodeText", () => {
  it("reads UTF-8 and drops its byte-order mark", () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("中文 ok")]))).toBe("中文 ok");
    expect(decodeText(new TextEncoder().encode("plain ü"))).toBe("plain ü");
  });

  it("reads UTF-16 with a byte-order mark, little- and big-endian", () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("中文 ok", "utf16le")]);
    expect(decodeText(le)).toBe("中文 ok");
    const be = Buffer.from(Buffer.from("中文 ok", "utf16le")).swap16();
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toBe("中文 ok");
  });

  it("reads GBK (GB18030) Chinese text that is not UTF-8", () => {
    // "中文段落。" in GBK.
    expect(decodeText(new Uint8Array([0xd6, 0xd0, 0xce, 0xc4, 0xb6, 0xce, 0xc2, 0xe4, 0xa1, 0xa3]))).toBe("中文段落。");
  });

  it("falls back to Windows-1252 for Latin-1 text", () => {
    const latin1 = (text: string) => Buffer.from(text, "latin1");
    // 0x93 and 0x94 are Windows-1252's curly quotes.
    const bytes = Buffer.concat([latin1("caf\u00e9 au lait, "), Buffer.from([0x93]), latin1("na\u00efve"), Buffer.from([0x94])]);
    expect(decodeText(bytes)).toBe("café au lait, “naïve”");
  });

  it("refuses binary data", () => {
    expect(() => decodeText(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a]))).toThrow("The file does not contain text");
  });
});
