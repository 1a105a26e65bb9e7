import { type AccessKeyDeps, lookUpAccessKey, type Principal, principalForAccessKey } from "@appstudio/core";
import type { FastifyRequest } from "fastify";
import { AcsError } from "./acs-operation.js";
import { ACS3_ALGORITHM, parseAcsAuthorization, parseAcsDate, sha256Hex, signatureMatches } from "./acs-signature.js";
import type { NonceStore } from "./nonce-store.js";

/** Alibaba Cloud refuses a request whose date is more than 15 minutes off the server's clock. */
const MAX_CLOCK_SKEW_SECONDS = 15 * 60;

/** Headers every signed request must cover: without them a request could be replayed or redirected. */
const MUST_SIGN = ["host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"];

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return typeof value === "string" ? value : undefined;
};

/**
 * Checks a signed request top to bottom and returns the AccessKey's user as a principal:
 * signature shape, date within the skew window, AccessKey known and active, body hash,
 * signature, nonce never seen before. Each refusal carries Alibaba Cloud's error code.
 */
export async function verifyAcsRequest(
  request: FastifyRequest,
  rawBody: Buffer | undefined,
  context: { deps: AccessKeyDeps; nonces: NonceStore },
): Promise<Principal> {
  const auth = parseAcsAuthorization(header(request, "authorization"));
  if (!auth)
    throw new AcsError(
      400,
      "IncompleteSignature",
      "The request signature does not conform to Alibaba Cloud standards: send an ACS3-HMAC-SHA256 Authorization header.",
    );
  if (auth.algorithm !== ACS3_ALGORITHM)
    throw new AcsError(400, "InvalidSignatureMethod", `Specified signature method '${auth.algorithm}' is not valid; use ${ACS3_ALGORITHM}.`);
  const signed = new Set(auth.signedHeaders.map((h) => h.toLowerCase()));
  const unsigned = [...MUST_SIGN, ...Object.keys(request.headers).filter((h) => h.startsWith("x-acs-"))].filter((h) => !signed.has(h));
  if (unsigned.length > 0)
    throw new AcsError(400, "IncompleteSignature", `The request signature does not cover these headers: ${[...new Set(unsigned)].join(", ")}.`);
  const nonce = header(request, "x-acs-signature-nonce") ?? "";
  if (nonce.length === 0 || nonce.length > 128)
    throw new AcsError(400, "MissingSignatureNonce", "x-acs-signature-nonce is mandatory for this action (at most 128 characters).");

  const date = parseAcsDate(header(request, "x-acs-date"));
  if (!date)
    throw new AcsError(
      400,
      "InvalidTimeStamp.Format",
      "Specified time stamp or date value is not well formatted (x-acs-date must be ISO 8601 UTC, e.g. 2026-02-10T08:00:00Z).",
    );
  const now = context.deps.clock.now().getTime();
  if (Math.abs(now - date.getTime()) > MAX_CLOCK_SKEW_SECONDS * 1000) {
    throw new AcsError(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired: it is more than 15 minutes off the server's clock.");
  }

  const found = await lookUpAccessKey(context.deps, auth.accessKeyId).catch((err: unknown) => {
    // The sealed secret does not open: this instance runs with another APPSTUDIO_MASTER_KEY.
    request.log.error({ err, accessKeyId: auth.accessKeyId }, "an AccessKey secret could not be unsealed; do all instances share APPSTUDIO_MASTER_KEY?");
    throw new AcsError(500, "InternalError", "This AccessKey cannot be verified by this server.");
  });
  if (!found.found) throw new AcsError(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
  if (found.disabled) throw new AcsError(400, "InvalidAccessKeyId.Inactive", "Specified access key is disabled.");

  const hashedPayload = header(request, "x-acs-content-sha256") ?? "";
  if (hashedPayload.toLowerCase() !== sha256Hex(rawBody ?? Buffer.alloc(0))) {
    throw new AcsError(
      400,
      "SignatureDoesNotMatch",
      "Specified signature is not matched with our calculation: x-acs-content-sha256 is not the SHA-256 of the body.",
    );
  }
  const signedRequest = {
    method: request.method,
    rawUrl: request.raw.url ?? request.url,
    headers: request.headers,
    signedHeaders: auth.signedHeaders,
    hashedPayload,
  };
  if (!signatureMatches(found.secret, signedRequest, auth.signature)) {
    throw new AcsError(400, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation.");
  }
  // Remembered past the window on both sides, so a future-dated request cannot be replayed either.
  if (!(await context.nonces.remember(found.key.id, nonce, 2 * MAX_CLOCK_SKEW_SECONDS + 60))) {
    throw new AcsError(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
  }
  try {
    return await principalForAccessKey(context.deps, found.key, request.ip);
  } catch {
    throw new AcsError(400, "InvalidAccessKeyId.Inactive", "The user this access key belongs to is disabled or no longer exists.");
  }
}
