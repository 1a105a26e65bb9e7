import { errorResponses, IdParam, Ok, Providers } from "@appstudio/contracts";
import { createModelProvider, deleteModelProvider, listModelProviders, listProviderModels, modelProviderStatus, testModelProvider } from "@appstudio/core";
import type { Container } from "../../../container.js";
import type { TypedApp } from "./types.js";

/** Model providers: listed for everyone who builds apps, managed by super administrators. Keys never leave. */
export function providerRoutes(app: TypedApp, container: Container) {
  const deps = container.core;
  const host = container.models;
  const tags = ["Model providers"];

  app.get(
    "/providers",
    {
      schema: {
        tags,
        summary: "List model providers (configured and added by API)",
        querystring: Providers.ProviderListQuery,
        response: { 200: Providers.ProviderList, ...errorResponses },
      },
    },
    async (request) => ({ items: await listModelProviders(deps, host, request.principal, request.query) }),
  );

  app.get(
    "/providers/models",
    {
      schema: {
        tags,
        summary: "The model IDs each provider serves, for choosing a model (patterns resolved through the upstream's model list)",
        querystring: Providers.ProviderListQuery,
        response: { 200: Providers.ProviderModels, ...errorResponses },
      },
    },
    async (request) => ({ items: await listProviderModels(deps, host, request.principal, request.query) }),
  );

  app.get(
    "/providers/status",
    {
      schema: {
        tags,
        summary: "Whether any model provider is configured, and what to configure if not",
        response: { 200: Providers.ProviderStatus, ...errorResponses },
      },
    },
    async () => modelProviderStatus(deps, host),
  );

  app.post(
    "/providers",
    {
      schema: {
        tags,
        summary: "Add an OpenAI-compatible model provider (key stored encrypted)",
        body: Providers.CreateProviderBody,
        response: { 201: Providers.Provider, ...errorResponses },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return createModelProvider(deps, host, request.principal, request.body);
    },
  );

  app.delete(
    "/providers/:id",
    { schema: { tags, summary: "Delete a provider added by API", params: IdParam, response: { 200: Ok, ...errorResponses } } },
    async (request) => {
      await deleteModelProvider(deps, host, request.principal, request.params.id);
      return { ok: true as const };
    },
  );

  app.post(
    "/providers/:id/test",
    {
      schema: {
        tags,
        summary: "Test the connection: list the upstream's models with the stored key",
        params: IdParam,
        response: { 200: Providers.ProviderTestResult, ...errorResponses },
      },
    },
    async (request) => testModelProvider(deps, host, request.principal, request.params.id),
  );
}
