import { DashScope, ErrorBody, Knowledge, PageQuery } from "@appstudio/contracts";
import { appStatus, appsCallableBy, viewWorkspace } from "@appstudio/core";
import { Type } from "typebox";
import type { Container } from "../../../container.js";
import type { TypedApp } from "../manage/types.js";

/**
 * The lookups the hosted product says cannot be done by API: which apps a key can call, and
 * which workspace it belongs to, with the base URLs to use.
 */
export function lookupRoutes(app: TypedApp, container: Container) {
  const tags = ["App API (DashScope)"];
  app.get(
    "/apps",
    {
      schema: {
        tags,
        summary: "Apps this API key can call",
        security: [{ apiKey: [] }],
        querystring: Type.Object({ ...PageQuery, name: Type.Optional(Type.String({ maxLength: 100 })) }),
        response: { 200: Type.Object({ items: Type.Array(DashScope.CallableApp), total: Type.Integer() }), 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      const view = viewWorkspace(container.core, request.appCaller.workspace);
      const page = await container.core.repos.apps.list({
        ...appsCallableBy(request.appCaller),
        limit: request.query.limit ?? 20,
        offset: request.query.offset ?? 0,
        ...(request.query.name ? { name: request.query.name } : {}),
      });
      return {
        total: page.total,
        items: page.items.map((a) => ({
          app_id: a.id,
          name: a.name,
          type: a.type,
          status: appStatus(a),
          workspace_id: a.workspaceId,
          shared_base_url: view.endpoints.sharedBaseUrl,
          dedicated_base_url: view.endpoints.dedicatedBaseUrl,
        })),
      };
    },
  );

  app.get(
    "/knowledge-bases",
    {
      schema: {
        tags,
        summary: "Knowledge bases of this API key's workspace (their IDs go in rag_options.pipeline_ids)",
        security: [{ apiKey: [] }],
        querystring: Type.Object({ ...PageQuery, name: Type.Optional(Type.String({ maxLength: 100 })) }),
        response: { 200: Type.Object({ items: Type.Array(Knowledge.KeyKnowledgeBase), total: Type.Integer() }), 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      // The key is the credential and its workspace the only scope: no other workspace's knowledge is reachable.
      const { workspace } = request.appCaller;
      const page = await container.core.repos.knowledgeBases.list({
        workspaceId: workspace.id,
        limit: request.query.limit ?? 20,
        offset: request.query.offset ?? 0,
        ...(request.query.name ? { name: request.query.name } : {}),
      });
      return {
        total: page.total,
        items: page.items.map((kb) => ({
          knowledge_base_id: kb.id,
          name: kb.name,
          description: kb.description,
          status: kb.status,
          document_count: kb.documentCount,
          chunk_count: kb.chunkCount,
          embedding_model: kb.embeddingModel,
          workspace_id: kb.workspaceId,
          updated_at: kb.updatedAt,
        })),
      };
    },
  );

  app.get(
    "/workspace",
    {
      schema: {
        tags,
        summary: "The workspace of this API key",
        security: [{ apiKey: [] }],
        response: { 200: DashScope.KeyWorkspace, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      const { key, workspace } = request.appCaller;
      const view = viewWorkspace(container.core, workspace);
      return {
        workspace_id: workspace.id,
        name: workspace.name,
        region: workspace.region,
        is_default: workspace.isDefault,
        shared_base_url: view.endpoints.sharedBaseUrl,
        dedicated_base_url: view.endpoints.dedicatedBaseUrl,
        api_key_id: key.id,
      };
    },
  );
}
