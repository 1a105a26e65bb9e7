import { errorResponses, KnowledgeRetrieval } from "@appstudio/contracts";
import { hitTestKnowledgeBase } from "@appstudio/core";
import type { Container } from "../../../container.js";
import { abortOnDisconnect } from "../../app-call/respond-with-turn.js";
import { KnowledgeBaseParam, LookupQuery } from "./knowledge-params.js";
import type { TypedApp } from "./types.js";

/** Hit testing: a query against one knowledge base, with each retriever's rank and score (docs/knowledge.md). */
export function knowledgeRetrievalRoute(app: TypedApp, container: Container) {
  app.post(
    "/knowledge-bases/:id/retrieve",
    {
      schema: {
        tags: ["Knowledge bases"],
        summary: "Hit testing: ranked chunks for a query, with the full-text, vector and rerank rank and score of each",
        params: KnowledgeBaseParam,
        querystring: LookupQuery,
        body: KnowledgeRetrieval.HitTestBody,
        response: { 200: KnowledgeRetrieval.HitTestResult, ...errorResponses },
      },
    },
    async (request, reply) => {
      // A client that goes away stops the embedding and rerank calls too.
      const abort = abortOnDisconnect(reply);
      const result = await hitTestKnowledgeBase(
        container.core,
        container.retriever,
        request.principal,
        request.params.id,
        { ...request.body, ...(request.query.workspaceId ? { workspaceId: request.query.workspaceId } : {}) },
        abort.signal,
      );
      return {
        ...result,
        hits: result.hits.map((hit, i) => ({
          rank: i + 1,
          score: hit.score,
          documentId: hit.chunk.documentId,
          documentName: hit.documentName,
          page: hit.chunk.page,
          headingPath: hit.chunk.headingPath,
          chunk: hit.chunk,
          sources: hit.sources,
        })),
      };
    },
  );
}
