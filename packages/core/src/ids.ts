import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";

const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

/** Random lowercase alphanumeric string; rejection sampling keeps the distribution uniform. */
function randomAlnum(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 252 && out.length < length) out += ALNUM[byte % 36];
    }
  }
  return out;
}

const hex = (bytes: number) => randomBytes(bytes).toString("hex");

export const newWorkspaceId = () => `ws-${randomAlnum(16)}`;
export const newAppId = () => hex(16);
export const newSessionId = () => hex(16);
export const newRequestId = () => randomUUID();
export const newUserId = () => `u-${randomAlnum(12)}`;
export const newApiKeyId = () => `key-${randomAlnum(12)}`;
export const newTokenId = () => `pat-${randomAlnum(12)}`;
export const newAuditId = () => randomUUID();
/** Knowledge base: 10 lowercase alphanumerics, the shape of Model Studio pipeline IDs (`thie5bysoj`). */
export const newKnowledgeBaseId = () => randomAlnum(10);
/** Document: `file_` + 32 hex, the shape of Model Studio file IDs. */
export const newDocumentId = () => `file_${hex(16)}`;
export const newChunkId = () => hex(16);
export const newMemoryId = () => hex(16);
export const newMemoryNodeId = () => hex(16);

/** API key secret: `sk-` + 48 hex chars (192 bits). Only its hash and a display prefix are stored. */
export const newApiKeySecret = () => `sk-${hex(24)}`;
/** Personal access token secret for the management API and the CLI. */
export const newAccessTokenSecret = () => `ast_${hex(24)}`;
/** Console session cookie value. */
export const newSessionSecret = () => hex(32);

export const WORKSPACE_ID_PATTERN = /^ws-[a-z0-9]{16}$/;
export const APP_ID_PATTERN = /^[0-9a-f]{32}$/;
export const SESSION_ID_PATTERN = /^[0-9a-f]{32}$/;
export const KNOWLEDGE_BASE_ID_PATTERN = /^[a-z0-9]{10}$/;
export const DOCUMENT_ID_PATTERN = /^file_[0-9a-f]{32}$/;
export const CHUNK_ID_PATTERN = /^[0-9a-f]{32}$/;
export const MEMORY_ID_PATTERN = /^[0-9a-f]{32}$/;

export const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

/** A short, non-secret prefix that lets people recognise a key in lists: `sk-1a2b...9f0e`. */
export function displayPrefix(secret: string): string {
  return `${secret.slice(0, 7)}...${secret.slice(-4)}`;
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
