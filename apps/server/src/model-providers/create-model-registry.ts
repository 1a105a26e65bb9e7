import { OpenAIProvider } from "@appstudio/adapters";
import { createStaticModelRouter, type ModelRouter } from "@appstudio/core";
import type { ServerConfig } from "../config.js";

/**
 * Model providers available to app calls. PLACEHOLDER: serves only the providers declared in
 * configuration; the database-backed registry (management API, first-start detection,
 * encryption at rest) replaces it.
 */
export interface ModelRegistry {
  router: ModelRouter;
  close(): Promise<void>;
}

export async function createModelRegistry(config: ServerConfig): Promise<ModelRegistry> {
  const routes = config.providers.map((p) => ({
    provider: new OpenAIProvider({ id: p.name, baseURL: p.baseUrl, ...(p.apiKey ? { apiKey: p.apiKey } : {}) }),
    models: p.models,
  }));
  return { router: createStaticModelRouter(routes), close: async () => {} };
}
