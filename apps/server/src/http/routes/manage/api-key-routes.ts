import { ApiKeys, errorResponses, IdParam, Ok, PageQuery, pageOf } from "@appstudio/contracts";
import { createApiKey, deleteApiKey, getApiKey, listApiKeys, resetApiKey, updateApiKey } from "@appstudio/core";
import { Type } from "typebox";
import type { Container } from "../../../container.js";
import type { TypedApp } from "./types.js";

const ListQuery = Type.Object(
  { ...PageQuery, workspaceId: Type.Optional(Type.String({ maxLength: 64 })), description: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);

export function apiKeyRoutes(app: TypedApp, container: Container) {
  const deps = container.core;
  const tags = ["API keys"];

  app.get(
    "/api-keys",
    { schema: { tags, summary: "List API keys (prefixes only)", querystring: ListQuery, response: { 200: pageOf(ApiKeys.ApiKey), ...errorResponses } } },
    async (request) => {
      const q = request.query;
      return listApiKeys(deps, request.principal, {
        limit: q.limit ?? 20,
        offset: q.offset ?? 0,
        ...(q.workspaceId ? { workspaceId: q.workspaceId } : {}),
        ...(q.description ? { description: q.description } : {}),
      });
    },
  );

  app.post(
    "/api-keys",
    {
      schema: {
        tags,
        summary: "Create an API key; the sk- secret is in this response only",
        body: ApiKeys.CreateApiKeyBody,
        response: { 201: ApiKeys.CreatedApiKey, ...errorResponses },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return createApiKey(deps, request.principal, request.body);
    },
  );

  app.get(
    "/api-keys/:id",
    { schema: { tags, summary: "Get an API key", params: IdParam, response: { 200: ApiKeys.ApiKey, ...errorResponses } } },
    async (request) => getApiKey(deps, request.principal, request.params.id),
  );

  app.patch(
    "/api-keys/:id",
    {
      schema: {
        tags,
        summary: "Change the description or restrictions",
        params: IdParam,
        body: ApiKeys.UpdateApiKeyBody,
        response: { 200: ApiKeys.ApiKey, ...errorResponses },
      },
    },
    async (request) => updateApiKey(deps, request.principal, request.params.id, request.body),
  );

  app.post(
    "/api-keys/:id/disable",
    { schema: { tags, summary: "Disable a key (calls fail with InvalidApiKey)", params: IdParam, response: { 200: ApiKeys.ApiKey, ...errorResponses } } },
    async (request) => updateApiKey(deps, request.principal, request.params.id, { disabled: true }),
  );

  app.post(
    "/api-keys/:id/enable",
    { schema: { tags, summary: "Enable a disabled key", params: IdParam, response: { 200: ApiKeys.ApiKey, ...errorResponses } } },
    async (request) => updateApiKey(deps, request.principal, request.params.id, { disabled: false }),
  );

  app.post(
    "/api-keys/:id/reset",
    {
      schema: {
        tags,
        summary: "New secret for the same key; the old one stops working",
        params: IdParam,
        response: { 200: ApiKeys.CreatedApiKey, ...errorResponses },
      },
    },
    async (request) => resetApiKey(deps, request.principal, request.params.id),
  );

  app.delete("/api-keys/:id", { schema: { tags, summary: "Delete a key", params: IdParam, response: { 200: Ok, ...errorResponses } } }, async (request) => {
    await deleteApiKey(deps, request.principal, request.params.id);
    return { ok: true as const };
  });
}
