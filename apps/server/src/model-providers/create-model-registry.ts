import { OpenAIProvider } from "@appstudio/adapters";
import {
  AppError,
  type ChatChunk,
  type ConfiguredModelProvider,
  type CoreDeps,
  createRouterEmbedder,
  createStaticModelRouter,
  type Embedder,
  type ModelProvider,
  type ModelProviderHost,
  type ModelProviderRecord,
  type ModelRoute,
  type ModelRouter,
  type Reranker,
  type SecretSealer,
} from "@appstudio/core";
import type { Logger } from "pino";
import type { ServerConfig } from "../config.js";
import { bootstrapModelProviders } from "./bootstrap-model-providers.js";

/** Stored providers are re-read at most this often (another server process may have changed them). */
const DEFAULT_RELOAD_INTERVAL_MS = 5_000;
/** Connection tests should fail fast, not wait out the model-call timeout. */
const TEST_TIMEOUT_MS = 15_000;

/**
 * Model providers available to app calls, plus what the provider management use cases need.
 *
 * Routing order: configured providers first (in configuration order), then stored ones, oldest
 * first; the first whose `models` matches wins. Stored providers are cached in this process.
 * A change made through this process is seen by its very next call; a change made through
 * another process (scale-out on one PostgreSQL) within about {@link DEFAULT_RELOAD_INTERVAL_MS}:
 * the cache is refreshed in the background once it is older than that, and an unknown model
 * forces a refresh (at most once a second) before `ModelNotConfigured` is returned.
 */
export interface ModelRegistry extends ModelProviderHost {
  router: ModelRouter;
  /** Embedding and rerank models, resolved by name like chat models (knowledge bases). */
  embedder: Embedder & Reranker;
  /** Re-reads stored providers now. */
  reload(): Promise<void>;
  close(): Promise<void>;
}

export interface ModelRegistryOptions {
  config: Pick<ServerConfig, "providers" | "providerEnv"> & Partial<Pick<ServerConfig, "upstreamMaxConcurrent" | "upstreamQueueTimeoutMs">>;
  core: CoreDeps;
  sealer: SecretSealer;
  logger: Logger;
  reloadIntervalMs?: number;
  /** Builds the client of one provider (tests may count or wrap them). */
  createProvider?: (settings: ProviderClientSettings) => ModelProvider;
}

interface ProviderClientSettings {
  name: string;
  baseUrl: string;
  apiKey?: string;
  timeoutMs?: number;
  maxConcurrent?: number;
  queueTimeoutMs?: number;
  http2?: boolean;
}

const openAICompatible: NonNullable<ModelRegistryOptions["createProvider"]> = (s) =>
  new OpenAIProvider({
    id: s.name,
    baseURL: s.baseUrl,
    ...(s.apiKey ? { apiKey: s.apiKey } : {}),
    ...(s.timeoutMs ? { timeoutMs: s.timeoutMs } : {}),
    ...(s.maxConcurrent ? { maxConcurrentCalls: s.maxConcurrent } : {}),
    ...(s.queueTimeoutMs ? { queueTimeoutMs: s.queueTimeoutMs } : {}),
    ...(s.http2 ? { http2: true } : {}),
  });

export async function createModelRegistry(options: ModelRegistryOptions): Promise<ModelRegistry> {
  const { core, sealer, logger } = options;
  // The concurrency limit applies to each provider: configured ones may set their own.
  const limits = {
    ...(options.config.upstreamMaxConcurrent ? { maxConcurrent: options.config.upstreamMaxConcurrent } : {}),
    ...(options.config.upstreamQueueTimeoutMs ? { queueTimeoutMs: options.config.upstreamQueueTimeoutMs } : {}),
  };
  const createProvider = options.createProvider ?? openAICompatible;
  const build = (s: ProviderClientSettings) => createProvider({ ...limits, ...s });
  const interval = options.reloadIntervalMs ?? DEFAULT_RELOAD_INTERVAL_MS;
  const missRefreshMs = Math.min(1_000, interval);
  const configured: ConfiguredModelProvider[] = options.config.providers.map((p) => ({ ...p, models: [...p.models] }));
  const configRoutes: ModelRoute[] = configured.map((p) => ({ provider: build(p), models: p.models }));

  await bootstrapModelProviders({ core, sealer, config: options.config, logger });

  // Clients are kept while their row is unchanged, so connection pools survive reloads.
  let clients = new Map<string, ModelProvider>();
  let table: ModelRouter = createStaticModelRouter(configRoutes);
  let loadedAt = 0;
  let generation = 0;
  let loadedGeneration = -1;
  let loading: Promise<void> | undefined;

  const clientFor = (record: ModelProviderRecord): ModelProvider => {
    const key = `${record.id}@${record.updatedAt}`;
    const existing = clients.get(key);
    if (existing) return existing;
    let apiKey: string | undefined;
    try {
      apiKey = record.apiKeySealed === null ? undefined : sealer.open(record.apiKeySealed);
    } catch {
      logger.error({ provider: record.name }, "stored API key of a model provider cannot be decrypted; was APPSTUDIO_MASTER_KEY changed?");
      return undecryptable(record.name);
    }
    return build({ name: record.name, baseUrl: record.baseUrl, ...(apiKey ? { apiKey } : {}) });
  };

  const load = async () => {
    const startedGeneration = generation;
    const records = await core.repos.modelProviders.list();
    const next = new Map<string, ModelProvider>();
    const storedRoutes = records.map((record) => {
      const provider = clientFor(record);
      next.set(`${record.id}@${record.updatedAt}`, provider);
      return { provider, models: record.models };
    });
    clients = next;
    table = createStaticModelRouter([...configRoutes, ...storedRoutes]);
    loadedAt = Date.now();
    loadedGeneration = startedGeneration;
  };

  const refresh = (): Promise<void> => {
    loading ??= load().finally(() => {
      loading = undefined;
    });
    return loading;
  };

  const ensureFresh = async () => {
    if (loadedGeneration !== generation) {
      // This process changed the providers: the caller expects to see it, so wait for a load
      // that started after the change.
      try {
        while (loadedGeneration !== generation) await refresh();
      } catch (err) {
        logger.warn({ err }, "reloading model providers failed; using the previous list");
      }
    } else if (Date.now() - loadedAt >= interval) {
      refresh().catch((err) => logger.warn({ err }, "reloading model providers failed; using the previous list"));
    }
  };

  await refresh();

  const router: ModelRouter = {
    async resolve(modelId, ctx) {
      await ensureFresh();
      try {
        return await table.resolve(modelId, ctx);
      } catch (e) {
        const unknown = e instanceof AppError && e.code === "ModelNotConfigured";
        if (!unknown || Date.now() - loadedAt < missRefreshMs) throw e;
        await refresh();
        return table.resolve(modelId, ctx);
      }
    },
  };

  return {
    router,
    embedder: createRouterEmbedder(router),
    configured,
    configuredAt: new Date().toISOString(),
    sealer,
    connect: (settings) => build({ ...settings, timeoutMs: TEST_TIMEOUT_MS }),
    invalidate() {
      generation++;
    },
    reload: refresh,
    async close() {
      await loading?.catch(() => {});
    },
  };
}

/** Stands in for a provider whose key cannot be decrypted, so calls say why instead of "not configured". */
function undecryptable(name: string): ModelProvider {
  const error = () =>
    new AppError("ModelServiceFailed", `Model provider '${name}' cannot be used: its stored API key cannot be decrypted (was APPSTUDIO_MASTER_KEY changed?).`, {
      provider: name,
    });
  return {
    id: name,
    // biome-ignore lint/correctness/useYield: fails before the first chunk by design
    async *stream(): AsyncGenerator<ChatChunk> {
      throw error();
    },
    listModels: async () => {
      throw error();
    },
    testConnection: async () => ({ ok: false, latencyMs: 0, message: error().message }),
    embed: async () => {
      throw error();
    },
    rerank: async () => {
      throw error();
    },
  };
}
