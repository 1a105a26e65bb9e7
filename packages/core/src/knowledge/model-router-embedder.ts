import { AppError } from "../errors.js";
import type { ModelRouter } from "../ports/model-provider.js";
import type { Embedder, Reranker } from "./knowledge-ports.js";

/**
 * Embedding and rerank models are found like chat models: the provider whose `models` list
 * matches the name serves it (`ModelNotConfigured` when none does), through its
 * OpenAI-compatible `/embeddings` and `/rerank`.
 */
export function createRouterEmbedder(router: ModelRouter): Embedder & Reranker {
  return {
    async embed(model, inputs, signal) {
      if (inputs.length === 0) return [];
      const { provider, upstreamModel } = await router.resolve(model);
      if (!provider.embed) {
        throw new AppError("ModelNotConfigured", `Model provider '${provider.id}' cannot compute embeddings for '${model}'.`, { modelId: model });
      }
      return provider.embed({ model: upstreamModel, inputs, ...(signal ? { signal } : {}) });
    },
    async rerank(model, query, documents, signal) {
      const { provider, upstreamModel } = await router.resolve(model);
      if (!provider.rerank) return undefined;
      return provider.rerank({ model: upstreamModel, query, documents, ...(signal ? { signal } : {}) });
    },
  };
}
