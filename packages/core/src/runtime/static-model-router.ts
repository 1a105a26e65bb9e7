import { type ModelProvider, type ModelRouter, modelNotConfigured, type ResolvedModel } from "../ports/model-provider.js";

export interface ModelRoute {
  provider: ModelProvider;
  /**
   * Which model IDs this provider serves: exact IDs, `prefix*` patterns, or `*` for all.
   * A `prefix/` pattern such as `ollama/*` is stripped before the name goes upstream, so
   * `ollama/llama3.2` reaches Ollama as `llama3.2`.
   */
  models: string[];
}

/**
 * A router over a fixed list of providers, first match wins. Suits providers configured from
 * the environment at start-up; workspace-scoped providers from the database need their own
 * router (which can fall back to this one).
 */
export function createStaticModelRouter(routes: ModelRoute[]): ModelRouter {
  return {
    async resolve(modelId: string): Promise<ResolvedModel> {
      for (const route of routes) {
        for (const pattern of route.models) {
          const upstreamModel = matchModel(pattern, modelId);
          if (upstreamModel !== undefined) return { provider: route.provider, upstreamModel };
        }
      }
      throw modelNotConfigured(modelId);
    },
  };
}

/** The upstream model name when `pattern` matches `modelId`, else undefined. */
function matchModel(pattern: string, modelId: string): string | undefined {
  if (pattern === "*") return modelId;
  if (!pattern.endsWith("*")) return pattern === modelId ? modelId : undefined;
  const prefix = pattern.slice(0, -1);
  if (!modelId.startsWith(prefix) || modelId.length === prefix.length) return undefined;
  return prefix.endsWith("/") ? modelId.slice(prefix.length) : modelId;
}
