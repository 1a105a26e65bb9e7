import {
  createKnowledgeBase,
  type DocumentStatus,
  deleteKnowledgeBase,
  getKnowledgeBase,
  HIT_TEST_MAX_TOP_K,
  hitTestKnowledgeBase,
  invalidField,
  type KnowledgeBase,
  type KnowledgeDocument,
  listDocuments,
  listKnowledgeBases,
  type RetrievalHit,
} from "@appstudio/core";
import type { AcsCall, AcsOperation } from "../acs-operation.js";
import { indexEnvelope, jsonParameter, optionalInteger, optionalNumber, optionalText, pageOf, requiredText } from "./bailian-envelope.js";
import { scopedWorkspace } from "./workspace-scope.js";

/**
 * Bailian's knowledge-base ("index") operations over our knowledge bases: an index ID is a
 * knowledge base ID (what app calls pass as `rag_options.pipeline_ids`). Upstream fills an
 * index from files of its data center (AddFile, SubmitIndexJob), which this product does not
 * have: documents are uploaded through the management API, and these operations create,
 * list, search and delete. Inputs come in the query string with PascalCase names.
 */
const version = "2023-12-29";
const pageNames = { pageNo: "PageNumber", pageSize: "PageSize" };

/** Upstream's document states: FINISH, INSERT_ERROR, or RUNNING for everything in between. */
function documentStatusOf(status: DocumentStatus): "FINISH" | "INSERT_ERROR" | "RUNNING" {
  if (status === "ready") return "FINISH";
  if (status === "failed") return "INSERT_ERROR";
  return "RUNNING";
}

function statusFilterOf(value: string | undefined): DocumentStatus | undefined {
  if (value === undefined || value === "") return undefined;
  if (value === "FINISH") return "ready";
  if (value === "INSERT_ERROR") return "failed";
  throw invalidField("DocumentStatus", "must be FINISH or INSERT_ERROR (documents still being indexed cannot be filtered on)");
}

function indexOf(kb: KnowledgeBase) {
  return {
    Id: kb.id,
    Name: kb.name,
    Description: kb.description,
    ChunkSize: kb.chunking.chunkTokens,
    OverlapSize: kb.chunking.overlapTokens,
    EmbeddingModelName: kb.embeddingModel ?? "",
    RerankModelName: kb.rerankModel ?? "",
    SinkType: "BUILT_IN",
    SourceType: "DATA_CENTER_FILE",
    StructureType: "unstructured",
  };
}

function indexDocumentOf(doc: KnowledgeDocument) {
  return {
    Id: doc.id,
    Name: doc.name,
    Size: doc.sizeBytes,
    Status: documentStatusOf(doc.status),
    DocumentType: doc.format,
    GmtModified: Date.parse(doc.updatedAt),
    SourceId: doc.knowledgeBaseId,
    ...(doc.error ? { Code: "INSERT_ERROR", Message: doc.error } : {}),
  };
}

/** One hit as a Retrieve node: the chunk text, its score and where it comes from. */
function retrievedNodeOf(hit: RetrievalHit) {
  const { chunk } = hit;
  return {
    Text: chunk.text,
    Score: hit.score,
    Metadata: {
      _id: chunk.id,
      doc_id: chunk.documentId,
      doc_name: hit.documentName,
      title: chunk.headingPath.join(" / "),
      pipeline_id: chunk.knowledgeBaseId,
      workspace_id: chunk.workspaceId,
      ...(chunk.page !== null ? { page_number: chunk.page } : {}),
    },
  };
}

/** Inputs we cannot honour are refused rather than silently dropped. */
function refuseIfSet(query: Record<string, string>, field: string, why: string): void {
  const value = jsonParameter(query[field], field);
  if (value !== undefined && !(Array.isArray(value) && value.length === 0)) throw invalidField(field, why);
}

async function createIndex(call: AcsCall) {
  const workspaceId = await scopedWorkspace(call);
  const q = call.query;
  refuseIfSet(q, "DocumentIds", "is not supported: upload documents to the knowledge base through the management API");
  refuseIfSet(q, "CategoryIds", "is not supported: upload documents to the knowledge base through the management API");
  const structure = optionalText(q.StructureType, "StructureType");
  if (structure !== undefined && structure !== "unstructured") throw invalidField("StructureType", "only 'unstructured' knowledge bases are supported");
  const chunkTokens = optionalInteger(q.ChunkSize, "ChunkSize", { min: 1, max: 1_000_000 });
  const overlapTokens = optionalInteger(q.OverlapSize, "OverlapSize", { min: 0, max: 1_000_000 });
  const description = optionalText(q.Description, "Description");
  const kb = await createKnowledgeBase(call.container.core, call.principal, {
    workspaceId,
    name: requiredText(q.Name, "Name"),
    ...(description !== undefined ? { description } : {}),
    chunking: { ...(chunkTokens !== undefined ? { chunkTokens } : {}), ...(overlapTokens !== undefined ? { overlapTokens } : {}) },
    embeddingModel: optionalText(q.EmbeddingModelName, "EmbeddingModelName") ?? null,
    rerankModel: optionalText(q.RerankModelName, "RerankModelName") ?? null,
  });
  return indexEnvelope(call.requestId, { Id: kb.id });
}

async function listIndices(call: AcsCall) {
  const workspaceId = await scopedWorkspace(call);
  const page = pageOf(call.query.PageNumber, call.query.PageSize, pageNames);
  const name = optionalText(call.query.IndexName, "IndexName");
  const found = await listKnowledgeBases(call.container.core, call.principal, {
    workspaceId,
    limit: page.limit,
    offset: page.offset,
    ...(name ? { name } : {}),
  });
  return indexEnvelope(call.requestId, { Indices: found.items.map(indexOf), PageNumber: page.pageNo, PageSize: page.pageSize, TotalCount: found.total });
}

async function listIndexDocuments(call: AcsCall) {
  const workspaceId = await scopedWorkspace(call);
  const q = call.query;
  const indexId = requiredText(q.IndexId, "IndexId");
  const page = pageOf(q.PageNumber, q.PageSize, pageNames);
  const status = statusFilterOf(optionalText(q.DocumentStatus, "DocumentStatus"));
  // Our name filter always matches a part of the name, which EnableNameLike=false narrows no further.
  const name = optionalText(q.DocumentName, "DocumentName");
  const found = await listDocuments(call.container.core, call.principal, indexId, {
    workspaceId,
    limit: page.limit,
    offset: page.offset,
    ...(status ? { status } : {}),
    ...(name ? { name } : {}),
  });
  return indexEnvelope(call.requestId, {
    Documents: found.items.map(indexDocumentOf),
    IndexId: indexId,
    PageNumber: page.pageNo,
    PageSize: page.pageSize,
    TotalCount: found.total,
  });
}

async function retrieve(call: AcsCall) {
  const workspaceId = await scopedWorkspace(call);
  const q = call.query;
  const indexId = requiredText(q.IndexId, "IndexId");
  refuseIfSet(q, "SearchFilters", "is not supported yet");
  const topK = { min: 1, max: HIT_TEST_MAX_TOP_K };
  // Both retrievers always run and are fused; their own depths are validated but not tunable here.
  optionalInteger(q.DenseSimilarityTopK, "DenseSimilarityTopK", { min: 0, max: 1000 });
  optionalInteger(q.SparseSimilarityTopK, "SparseSimilarityTopK", { min: 0, max: 1000 });
  const rerankTopN = optionalInteger(q.RerankTopN, "RerankTopN", topK) ?? 5;
  const minScore = optionalNumber(q.RerankMinScore, "RerankMinScore", { min: 0, max: 1 });
  const result = await hitTestKnowledgeBase(call.container.core, call.container.retriever, call.principal, indexId, {
    workspaceId,
    query: requiredText(q.Query, "Query"),
    topK: rerankTopN,
    ...(minScore !== undefined ? { scoreThreshold: minScore } : {}),
  });
  return indexEnvelope(call.requestId, { Nodes: result.hits.map(retrievedNodeOf) });
}

async function deleteIndex(call: AcsCall) {
  const workspaceId = await scopedWorkspace(call);
  const { core } = call.container;
  const kb = await getKnowledgeBase(core, call.principal, requiredText(call.query.IndexId, "IndexId"), workspaceId);
  await deleteKnowledgeBase(core, call.principal, kb.id);
  return indexEnvelope(call.requestId);
}

export const indexOperations: AcsOperation[] = [
  { action: "CreateIndex", version, method: "POST", path: "/:workspaceId/index/create", handle: createIndex },
  { action: "ListIndices", version, method: "GET", path: "/:workspaceId/index/list_indices", handle: listIndices },
  { action: "ListIndexDocuments", version, method: "GET", path: "/:workspaceId/index/list_index_documents", handle: listIndexDocuments },
  { action: "Retrieve", version, method: "POST", path: "/:workspaceId/index/retrieve", handle: retrieve },
  { action: "DeleteIndex", version, method: "POST", path: "/:workspaceId/index/delete", handle: deleteIndex },
];
