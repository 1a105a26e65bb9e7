import { errorResponses, Knowledge, Ok, pageOf } from "@appstudio/contracts";
import { createKnowledgeBase, deleteKnowledgeBase, getKnowledgeBase, listKnowledgeBases, reindexKnowledgeBase, updateKnowledgeBase } from "@appstudio/core";
import fastifyMultipart from "@fastify/multipart";
import type { Container } from "../../../container.js";
import { knowledgeDocumentRoutes } from "./knowledge-document-routes.js";
import { KnowledgeBaseParam, LookupQuery } from "./knowledge-params.js";
import type { TypedApp } from "./types.js";

/**
 * Knowledge bases, their documents and chunks (docs/knowledge.md). Registered in a scope of
 * its own so multipart bodies are accepted only by the upload route's scope.
 */
export async function knowledgeRoutes(app: TypedApp, container: Container) {
  await app.register(fastifyMultipart, { throwFileSizeLimit: false });
  knowledgeBaseRoutes(app, container);
  knowledgeDocumentRoutes(app, container);
}

function knowledgeBaseRoutes(app: TypedApp, container: Container) {
  const deps = container.core;
  const tags = ["Knowledge bases"];

  app.get(
    "/knowledge-bases",
    {
      schema: {
        tags,
        summary: "List the knowledge bases of a workspace (?workspaceId= required), with document and chunk counts",
        querystring: Knowledge.KnowledgeBaseListQuery,
        response: { 200: pageOf(Knowledge.KnowledgeBase), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      return listKnowledgeBases(deps, request.principal, {
        limit: q.limit ?? 20,
        offset: q.offset ?? 0,
        ...(q.workspaceId ? { workspaceId: q.workspaceId } : {}),
        ...(q.name ? { name: q.name } : {}),
      });
    },
  );

  app.post(
    "/knowledge-bases",
    {
      schema: {
        tags,
        summary: "Create a knowledge base",
        body: Knowledge.CreateKnowledgeBaseBody,
        response: { 201: Knowledge.KnowledgeBase, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await createKnowledgeBase(deps, request.principal, request.body);
      reply.status(201);
      return created;
    },
  );

  app.get(
    "/knowledge-bases/:id",
    {
      schema: {
        tags,
        summary: "Get a knowledge base (by ID, or by name with ?workspaceId=)",
        params: KnowledgeBaseParam,
        querystring: LookupQuery,
        response: { 200: Knowledge.KnowledgeBase, ...errorResponses },
      },
    },
    async (request) => getKnowledgeBase(deps, request.principal, request.params.id, request.query.workspaceId),
  );

  app.patch(
    "/knowledge-bases/:id",
    {
      schema: {
        tags,
        summary: "Rename, describe, or change chunking and models (re-index to apply new settings to existing documents)",
        params: KnowledgeBaseParam,
        querystring: LookupQuery,
        body: Knowledge.UpdateKnowledgeBaseBody,
        response: { 200: Knowledge.KnowledgeBase, ...errorResponses },
      },
    },
    async (request) => {
      const kb = await getKnowledgeBase(deps, request.principal, request.params.id, request.query.workspaceId);
      return updateKnowledgeBase(deps, request.principal, kb.id, request.body);
    },
  );

  app.delete(
    "/knowledge-bases/:id",
    {
      schema: {
        tags,
        summary: "Delete a knowledge base with all its documents, files and chunks",
        params: KnowledgeBaseParam,
        querystring: LookupQuery,
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (request) => {
      const kb = await getKnowledgeBase(deps, request.principal, request.params.id, request.query.workspaceId);
      await deleteKnowledgeBase(deps, request.principal, kb.id);
      return { ok: true as const };
    },
  );

  app.post(
    "/knowledge-bases/:id/reindex",
    {
      schema: {
        tags,
        summary: "Queue every document of the knowledge base for ingestion again (after a settings change)",
        params: KnowledgeBaseParam,
        querystring: LookupQuery,
        response: { 200: Knowledge.ReindexResult, ...errorResponses },
      },
    },
    async (request) => reindexKnowledgeBase(deps, request.principal, request.params.id, request.query.workspaceId),
  );
}
