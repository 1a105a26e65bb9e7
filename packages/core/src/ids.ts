import { createHash, randomBytes, randomFillSync, randomUUID, timingSafeEqual } from "node:crypto";

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
export const newUserId = () => `u-${randomAlnum(12)}`;
export const newApiKeyId = () => `key-${randomAlnum(12)}`;
export const newTokenId = () => `pat-${randomAlnum(12)}`;
export const newAuditId = () => randomUUID();

/** Random bytes drawn in bulk: one `randomFillSync` (a system call) per ID was ~9 % of a recorded workflow run. */
const randomPool = Buffer.alloc(16 * 256);
let randomAt = randomPool.length;
const uuidBytes = Buffer.alloc(16);

/**
 * The 16 bytes of a UUID version 7 (RFC 9562): the first 48 bits are the time in milliseconds,
 * the other 74 bits (all but version and variant) random. For rows written on every call or at a
 * high rate: a primary key that grows with time is inserted at the end of its index, where a
 * random one dirties a page anywhere in it on every insert, and on SQLite every dirtied page is
 * written to the WAL again at commit. Valid until the next call (one shared buffer).
 */
function timeOrderedBytes(now: number): Buffer {
  if (randomAt + 10 > randomPool.length) {
    randomFillSync(randomPool);
    randomAt = 0;
  }
  randomPool.copy(uuidBytes, 6, randomAt, randomAt + 10);
  randomAt += 10;
  uuidBytes.writeUIntBE(now, 0, 6);
  uuidBytes.writeUInt8((uuidBytes.readUInt8(6) & 0x0f) | 0x70, 6); // version 7
  uuidBytes.writeUInt8((uuidBytes.readUInt8(8) & 0x3f) | 0x80, 8); // variant 10
  return uuidBytes;
}

/** A UUID version 7 in its usual dashed form: workflow runs and node runs, request IDs. */
export function newTimeOrderedId(now = Date.now()): string {
  const h = timeOrderedBytes(now).toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * Session ID: 32 hex characters as DashScope's, time-ordered because every app call without a
 * `session_id` inserts a conversation. 74 random bits keep it unguessable, and a session is only
 * ever continued by a key of its own app and workspace (run-app-turn.ts).
 */
export const newSessionId = () => timeOrderedBytes(Date.now()).toString("hex");
export const newRequestId = () => newTimeOrderedId();

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
