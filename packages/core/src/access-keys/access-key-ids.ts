import { randomBytes } from "node:crypto";

const BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Uniform base62: bytes of 248 and above are dropped (248 = 4 × 62). */
function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

/** AccessKey ID: `LTAI` + 20 base62 characters, as Alibaba Cloud spells them. */
export const newAccessKeyId = () => `LTAI${randomBase62(20)}`;
/** AccessKey secret: 30 base62 characters (about 178 bits), as long as Alibaba Cloud's. */
export const newAccessKeySecret = () => randomBase62(30);

export const ACCESS_KEY_ID_PATTERN = /^LTAI[A-Za-z0-9]{20}$/;
