import type { CoreDeps } from "../context.js";
import type { Chunker, DocumentParser, Embedder } from "./knowledge-ports.js";

/** What the knowledge use cases need beyond the core ports; the server container builds it. */
export interface KnowledgeServices {
  /** Only `detectFormat` is used at upload; parsing runs in the ingestion job. */
  parser: Pick<DocumentParser, "detectFormat">;
  /** Only `countTokens` is used here: an edited chunk's token count. */
  chunker: Pick<Chunker, "countTokens">;
  /** Re-embeds an edited chunk, so vector search finds it by its new text. */
  embedder: Embedder;
  /** Largest uploaded file, in bytes (`APPSTUDIO_KNOWLEDGE_MAX_FILE_BYTES`). */
  maxFileBytes: number;
}

export interface KnowledgeDeps extends CoreDeps {
  knowledge: KnowledgeServices;
}
