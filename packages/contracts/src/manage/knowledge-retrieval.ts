import { Type } from "typebox";
import { Chunk, DocumentId, KnowledgeBaseId, Metadata, Tags } from "./knowledge.js";

/** Wire shapes of hit testing, `POST /manage/v1/knowledge-bases/{id}/retrieve` (docs/knowledge.md, "Retrieval"). */

export const HitTestBody = Type.Object(
  {
    query: Type.String({ minLength: 1, maxLength: 2000, description: "What a user would ask" }),
    topK: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10, description: "Hits to return" })),
    scoreThreshold: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: "Drop hits whose final score is lower" })),
    documentIds: Type.Optional(Type.Array(DocumentId, { maxItems: 100, description: "Search only these documents" })),
    tags: Type.Optional(Tags),
    metadata: Type.Optional(Metadata),
  },
  { additionalProperties: false },
);

const RankAndScore = Type.Object({
  rank: Type.Integer({ description: "1-based rank in this retriever's list" }),
  score: Type.Number({ description: "This retriever's raw score: -BM25 (SQLite) or ts_rank (PostgreSQL) for full text, cosine similarity for vectors" }),
});

export const Hit = Type.Object({
  rank: Type.Integer({ description: "1-based final rank" }),
  score: Type.Number({ description: "Final score 0..1: the rerank model's relevance when one ran, else the normalised reciprocal-rank fusion" }),
  documentId: DocumentId,
  documentName: Type.String(),
  page: Type.Union([Type.Integer(), Type.Null()], { description: "1-based page of the chunk's start (PDF)" }),
  headingPath: Type.Array(Type.String()),
  chunk: Chunk,
  sources: Type.Object({
    fulltext: Type.Optional(RankAndScore),
    vector: Type.Optional(RankAndScore),
    rerank: Type.Optional(Type.Object({ score: Type.Number() })),
  }),
});

export const HitTestResult = Type.Object({
  knowledgeBaseId: KnowledgeBaseId,
  query: Type.String(),
  retrievers: Type.Object({
    fullText: Type.Literal(true),
    embeddingModel: Type.Union([Type.String(), Type.Null()], { description: "Vector search ran with this model; null: full text only" }),
    rerankModel: Type.Union([Type.String(), Type.Null()]),
  }),
  hits: Type.Array(Hit),
});
