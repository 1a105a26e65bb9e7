import { createHash, createHmac } from "node:crypto";
import { safeEqual } from "@appstudio/core";

/**
 * ACS3-HMAC-SHA256, computed exactly as Alibaba Cloud's clients compute it
 * (`@alicloud/openapi-core` `Utils.getAuthorization`):
 *
 *   CanonicalRequest = Method \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n SignedHeaders \n HashedPayload
 *   StringToSign     = "ACS3-HMAC-SHA256" \n hex(sha256(CanonicalRequest))
 *   Signature        = hex(hmac-sha256(AccessKeySecret, StringToSign))
 *   Authorization    = ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<a;b;c>,Signature=<hex>
 */
export const ACS3_ALGORITHM = "ACS3-HMAC-SHA256";

export interface AcsAuthorization {
  algorithm: string;
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

/** Reads the Authorization header; null when it is not in the ACS3 shape at all. */
export function parseAcsAuthorization(header: string | undefined): AcsAuthorization | null {
  const match = /^(\S+) (.*)$/.exec(header?.trim() ?? "");
  if (!match) return null;
  const fields = new Map<string, string>();
  for (const part of (match[2] ?? "").split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get("Credential");
  const signedHeaders = fields.get("SignedHeaders");
  const signature = fields.get("Signature");
  if (!credential || !signedHeaders || !signature) return null;
  return { algorithm: match[1] ?? "", accessKeyId: credential, signedHeaders: signedHeaders.split(";").filter(Boolean), signature };
}

/** The client's percent-encoding of query values (RFC 3986: also `!'()*`). */
function encode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Query parameters of a raw URL, decoded; a name given twice keeps its last value, as the client's map would. */
export function rawQueryParameters(rawUrl: string): Map<string, string> {
  const q = rawUrl.indexOf("?");
  const params = new Map<string, string>();
  if (q < 0) return params;
  for (const pair of rawUrl.slice(q + 1).split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    params.set(decode(eq < 0 ? pair : pair.slice(0, eq)), eq < 0 ? "" : decode(pair.slice(eq + 1)));
  }
  return params;
}

export interface SignedRequest {
  method: string;
  /** Path and query exactly as received (`request.raw.url`). */
  rawUrl: string;
  headers: Record<string, string | string[] | undefined>;
  signedHeaders: readonly string[];
  /** The `x-acs-content-sha256` header (checked against the body separately). */
  hashedPayload: string;
}

export function canonicalRequest(req: SignedRequest): string {
  const path = req.rawUrl.split("?")[0] ?? "/";
  const uri = path.replace(/\+/g, "%20").replace(/\*/g, "%2A").replace(/%7E/g, "~");
  const query = [...rawQueryParameters(req.rawUrl)]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${encode(v)}`)
    .join("&");
  const names = req.signedHeaders.map((h) => h.toLowerCase());
  const headers = names
    .map((name) => {
      const raw = req.headers[name];
      const values = (Array.isArray(raw) ? raw : [raw ?? ""]).map((v) => v.trim()).sort();
      return `${name}:${values.join(",")}\n`;
    })
    .join("");
  return [req.method.toUpperCase(), uri, query, headers, names.join(";"), req.hashedPayload].join("\n");
}

export function acs3Signature(secret: string, canonical: string): string {
  const stringToSign = `${ACS3_ALGORITHM}\n${sha256Hex(canonical)}`;
  return createHmac("sha256", secret).update(stringToSign).digest("hex");
}

export function signatureMatches(secret: string, req: SignedRequest, signature: string): boolean {
  return safeEqual(acs3Signature(secret, canonicalRequest(req)), signature.toLowerCase());
}

export const sha256Hex = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

/** `2026-02-10T08:00:00Z`: ISO 8601 in UTC, seconds precision (fractions tolerated). */
export function parseAcsDate(value: string | undefined): Date | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
