import { createHash } from "node:crypto";
import { recordAudit } from "../audit/record-audit.js";
import { authorize } from "../auth/authorize.js";
import type { Principal } from "../auth/principal.js";
import type { CoreDeps } from "../context.js";
import { AppError } from "../errors.js";
import { newDocumentId } from "../ids.js";
import { isoNow } from "../ports/clock.js";
import { lookupKnowledgeBase } from "./knowledge-lookups.js";
import { checkFileName, checkMetadata, checkTags, formatBytes } from "./knowledge-rules.js";
import type { KnowledgeDeps } from "./knowledge-services.js";
import type { KnowledgeBase, KnowledgeDocument } from "./knowledge-types.js";

/** Bytes the parser sees to recognise a format (magic numbers, a text sniff). */
const HEAD_BYTES = 8192;
export const SUPPORTED_FORMATS_TEXT = "PDF (.pdf), Word (.docx), Markdown (.md), plain text (.txt), HTML (.html) and CSV (.csv)";

export interface UploadedFile {
  fileName: string;
  content: Uint8Array;
  /** True when the transport stopped reading at the size limit: the file is refused as too large. */
  truncated?: boolean;
  tags?: readonly string[];
  /** Checked here: a flat object of strings, numbers and booleans. */
  metadata?: unknown;
}

/**
 * Resolves the knowledge base an upload goes to and checks the caller may write to it, so a
 * request is refused as a whole (404, 403) before any of its files is read.
 */
export async function openUploadTarget(deps: CoreDeps, principal: Principal, idOrName: string, workspaceId?: string): Promise<KnowledgeBase> {
  const kb = await lookupKnowledgeBase(deps, principal, idOrName, workspaceId);
  authorize(principal, "knowledge.write", { workspaceId: kb.workspaceId });
  return kb;
}

/**
 * Stores one uploaded file as a document of the knowledge base and queues its ingestion job,
 * all in one transaction. Refuses, with an error naming the file: an empty file, one over the
 * size limit, and a type no parser reads (`detectFormat`).
 */
export async function uploadDocument(deps: KnowledgeDeps, principal: Principal, knowledgeBaseId: string, file: UploadedFile): Promise<KnowledgeDocument> {
  const kb = await openUploadTarget(deps, principal, knowledgeBaseId);
  const name = checkFileName(file.fileName);
  const max = deps.knowledge.maxFileBytes;
  if (file.truncated || file.content.length > max) {
    throw new AppError("BadRequest.TooLarge", `'${name}' is larger than the limit of ${formatBytes(max)} per file.`, { fileName: name, maxFileBytes: max });
  }
  if (file.content.length === 0) throw new AppError("InvalidParameter", `'${name}' is empty (0 bytes).`, { fileName: name });
  const format = deps.knowledge.parser.detectFormat(name, file.content.subarray(0, HEAD_BYTES));
  if (!format) {
    throw new AppError("InvalidParameter", `'${name}' is not a supported file type. Supported: ${SUPPORTED_FORMATS_TEXT}.`, { fileName: name });
  }
  const tags = checkTags(file.tags ?? []);
  const metadata = checkMetadata(file.metadata ?? {});
  const now = isoNow(deps.clock);
  const document: KnowledgeDocument = {
    id: newDocumentId(),
    knowledgeBaseId: kb.id,
    workspaceId: kb.workspaceId,
    name,
    format,
    sizeBytes: file.content.length,
    sha256: createHash("sha256").update(file.content).digest("hex"),
    tags,
    metadata,
    status: "queued",
    error: null,
    pageCount: null,
    chunkCount: 0,
    createdBy: principal.userId,
    createdAt: now,
    updatedAt: now,
  };
  await deps.repos.knowledgeDocuments.create(document, file.content);
  await recordAudit(deps, principal, {
    action: "knowledge-document.upload",
    resourceType: "knowledge-document",
    resourceId: document.id,
    workspaceId: document.workspaceId,
    details: { knowledgeBaseId: kb.id, name, format, sizeBytes: document.sizeBytes },
  });
  return document;
}
