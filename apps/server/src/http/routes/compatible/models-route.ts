import { OpenAiCompatible } from "@appstudio/contracts";
import { appsCallableBy } from "@appstudio/core";
import type { Container } from "../../../container.js";
import type { TypedApp } from "../manage/types.js";
import { openAiErrorResponses, openAiTags } from "./openai-route-docs.js";

/** Enough for any workspace; OpenAI's model list has no paging. */
const MAX_MODELS = 1000;

/** `GET /compatible-mode/v1/models`: the published apps this key may call, as OpenAI models. */
export function modelsRoute(app: TypedApp, container: Container) {
  app.get(
    "/models",
    {
      schema: {
        tags: openAiTags,
        summary: "Published apps this API key can call, as OpenAI models",
        security: [{ apiKey: [] }],
        response: { 200: OpenAiCompatible.ModelList, ...openAiErrorResponses },
      },
    },
    async (request) => {
      const page = await container.core.repos.apps.list({ ...appsCallableBy(request.appCaller), publishedOnly: true, limit: MAX_MODELS, offset: 0 });
      return {
        object: "list" as const,
        data: page.items.map((a) => ({
          id: a.id,
          object: "model" as const,
          created: Math.floor(Date.parse(a.publishedAt ?? a.createdAt) / 1000),
          owned_by: a.workspaceId,
          appstudio: { name: a.name, type: a.type, alias: `app:${a.name}` },
        })),
      };
    },
  );
}
