import { Type } from "typebox";
import { Timestamp } from "./common.js";

/** A model provider as listed. The API key is never returned, only whether one is set. */
export const Provider = Type.Object({
  id: Type.String({ description: "mp-... for providers added by API, config:<name> for configured ones" }),
  name: Type.String(),
  baseUrl: Type.String({ description: "OpenAI-compatible base URL including the version path" }),
  models: Type.Array(Type.String(), { description: "Model IDs served: exact IDs, 'prefix*' patterns or '*'" }),
  hasApiKey: Type.Boolean(),
  source: Type.Union([Type.Literal("config"), Type.Literal("api")], { description: "config providers are read-only" }),
  createdAt: Timestamp,
});

export const ProviderList = Type.Object({ items: Type.Array(Provider) });

export const ProviderModels = Type.Object({
  items: Type.Array(
    Type.Object({
      providerId: Type.String(),
      provider: Type.String({ description: "The provider's name" }),
      models: Type.Array(Type.String(), { description: "Exact model IDs, plus what the upstream lists that the provider's patterns let through" }),
      complete: Type.Boolean({ description: "False when the provider serves patterns and its upstream could not be asked" }),
    }),
  ),
});

export const ProviderListQuery = Type.Object(
  { workspaceId: Type.Optional(Type.String({ maxLength: 64, description: "Read as a member of this workspace (providers serve every workspace)" })) },
  { additionalProperties: false },
);

export const CreateProviderBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64, description: "Unique; letters, digits, '.', '_' or '-'" }),
    baseUrl: Type.String({ minLength: 1, maxLength: 2000, description: "e.g. https://dashscope.aliyuncs.com/compatible-mode/v1" }),
    apiKey: Type.Optional(Type.String({ maxLength: 4096, description: "Stored encrypted; never returned" })),
    models: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
      minItems: 1,
      maxItems: 200,
      description: "Model IDs or patterns such as 'qwen*' or '*'",
    }),
  },
  { additionalProperties: false },
);

export const ProviderTestResult = Type.Object({
  ok: Type.Boolean(),
  latencyMs: Type.Integer(),
  models: Type.Optional(Type.Array(Type.String(), { description: "What the upstream lists at GET /models" })),
  error: Type.Optional(Type.String()),
});

export const ProviderStatus = Type.Object({
  configured: Type.Boolean(),
  message: Type.String({ description: "What is configured, or what to configure when nothing is" }),
});
