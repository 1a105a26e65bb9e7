import { AppError, isAppError } from "../errors.js";
import { newRequestId } from "../ids.js";
import { type Clock, isoNow } from "../ports/clock.js";
import type { KnowledgeBaseRepository, KnowledgeChunkRepository, KnowledgeDocumentRepository } from "../ports/repositories.js";
import type { ChunkEmbeddingStore, DocumentSplitter, Embedder } from "./knowledge-ports.js";
import type { ChunkDraft, DocumentStatus } from "./knowledge-types.js";

/**
 * Texts per `Embedder.embed` call. The embedder splits them into requests of the provider's size
 * (10 for DashScope) and sends a few at once; groups bound what one call holds, and a stop takes
 * effect between them.
 */
export const EMBEDDING_GROUP_SIZE = 100;

export interface IngestDocumentDeps {
  bases: Pick<KnowledgeBaseRepository, "find">;
  documents: Pick<KnowledgeDocumentRepository, "find" | "readContent" | "setStatus">;
  chunks: Pick<KnowledgeChunkRepository, "replaceForDocument">;
  embeddings: ChunkEmbeddingStore;
  splitter: DocumentSplitter;
  embedder: Embedder;
  clock: Clock;
  /** Hears about failures that are not the document's fault, with the request ID the user is shown. */
  logInternalError(requestId: string, documentId: string, error: unknown): void;
}

export interface IngestJob {
  documentId: string;
  workspaceId: string;
  /**
   * Asked once, just before the chunks are written: false when the job was taken over meanwhile
   * (the lease expired, or the document was queued again), so this run must not write.
   */
  stillOwned?: () => Promise<boolean>;
}

export type IngestOutcome =
  | { status: "ready"; chunkCount: number; pageCount: number | null }
  | { status: "failed"; reason: string }
  /** The document or its knowledge base was deleted before or while it ran. */
  | { status: "missing" }
  /** Stopped by the signal (shutdown, lost lease) or taken over; the job runs again later. */
  | { status: "aborted" };

type Stage = Extract<DocumentStatus, "parsing" | "chunking" | "embedding"> | "storing";

/**
 * Turns one queued document into ready chunks: parse → chunk → embed (when the knowledge base
 * has an embedding model) → store, updating the document's status at each stage. Any failure
 * ends as `failed` with a reason a user can act on: errors the pipeline raises on purpose
 * (a corrupt file, a model that refuses) pass their message through; anything else is logged
 * and shown as an internal error with a request ID to find it in the log. Storing replaces the
 * document's chunks as a whole, so running it again after a crash never duplicates them.
 */
export async function ingestDocument(deps: IngestDocumentDeps, job: IngestJob, signal: AbortSignal): Promise<IngestOutcome> {
  const { documentId, workspaceId } = job;
  const document = await deps.documents.find(workspaceId, documentId);
  const base = document && (await deps.bases.find(workspaceId, document.knowledgeBaseId));
  const content = base && (await deps.documents.readContent(workspaceId, documentId));
  if (!document || !base || !content) return { status: "missing" };

  const model = base.embeddingModel;
  let stage: Stage = "parsing";
  const setStage = (next: Stage) => {
    stage = next;
    return next === "storing" ? Promise.resolve() : deps.documents.setStatus(documentId, next, { error: null, updatedAt: isoNow(deps.clock) });
  };
  try {
    await setStage("parsing");
    let chunking: Promise<void> = Promise.resolve();
    const split = await deps.splitter.split(
      { content, format: document.format, chunking: base.chunking },
      { signal, onChunking: () => (chunking = setStage("chunking")) },
    );
    await chunking;
    if (split.chunks.length === 0)
      throw new AppError("InvalidParameter", "No text was found in the document (a scanned PDF without a text layer cannot be indexed).");
    signal.throwIfAborted();

    let vectors: number[][] = [];
    if (model) {
      await setStage("embedding");
      vectors = await embedAll(deps.embedder, model, split.chunks, signal);
    }
    signal.throwIfAborted();
    if (job.stillOwned && !(await job.stillOwned())) return { status: "aborted" };

    await setStage("storing");
    const stored = await deps.chunks.replaceForDocument(document, split.chunks, isoNow(deps.clock));
    // Nothing stored for chunks we had: the document was deleted meanwhile.
    if (stored.length === 0) return { status: "missing" };
    if (model) {
      const vectorBySeq = new Map(split.chunks.map((draft, i) => [draft.seq, vectors[i] ?? []]));
      const embeddings = stored.map((chunk) => ({ chunkId: chunk.id, vector: vectorBySeq.get(chunk.seq) ?? [] }));
      await deps.embeddings.storeEmbeddings(document, model, embeddings);
    }
    await deps.documents.setStatus(documentId, "ready", { error: null, pageCount: split.pageCount, chunkCount: stored.length, updatedAt: isoNow(deps.clock) });
    return { status: "ready", chunkCount: stored.length, pageCount: split.pageCount };
  } catch (error) {
    if (signal.aborted) return { status: "aborted" };
    // Deleted while it ran: writing chunks for it fails, and there is nobody left to tell.
    if (!(await deps.documents.find(workspaceId, documentId))) return { status: "missing" };
    const reason = failureReason(error, stage, model, (requestId) => deps.logInternalError(requestId, documentId, error));
    await deps.documents.setStatus(documentId, "failed", { error: reason, updatedAt: isoNow(deps.clock) });
    return { status: "failed", reason };
  }
}

async function embedAll(embedder: Embedder, model: string, chunks: ChunkDraft[], signal: AbortSignal): Promise<number[][]> {
  const vectors: number[][] = [];
  for (let i = 0; i < chunks.length; i += EMBEDDING_GROUP_SIZE) {
    signal.throwIfAborted();
    const batch = chunks.slice(i, i + EMBEDDING_GROUP_SIZE).map((c) => c.text);
    const answer = await embedder.embed(model, batch, signal);
    if (answer.length !== batch.length) {
      throw new AppError("ModelServiceFailed", `the model returned ${answer.length} vectors for ${batch.length} texts`);
    }
    vectors.push(...answer);
  }
  return vectors;
}

function failureReason(error: unknown, stage: Stage, model: string | null, logInternal: (requestId: string) => void): string {
  if (isAppError(error) && error.code !== "InternalError") {
    return stage === "embedding" ? `Embedding with '${model}' failed: ${error.message}` : error.message;
  }
  const requestId = newRequestId();
  logInternal(requestId);
  return `Indexing failed: internal error (request ${requestId})`;
}
