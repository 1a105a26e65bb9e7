import { randomBytes } from "node:crypto";
import { AppError, type CoreDeps, isoNow, type ModelProviderRecord, recordAudit, type SecretSealer } from "@appstudio/core";
import type { Logger } from "pino";
import type { ServerConfig } from "../config.js";

/** DashScope's OpenAI-compatible endpoint (China/Beijing). International accounts add a provider for dashscope-intl. */
const DASHSCOPE_COMPATIBLE_URL = "https://dashscope.aliyuncs.com/compatible-mode/v1";
/** Qwen families, the third-party models DashScope hosts under the same key, its embedding and rerank models (knowledge bases). */
const DASHSCOPE_MODELS = ["qwen*", "qwq*", "qvq*", "deepseek-*", "text-embedding-*", "gte-rerank*"];
const OPENAI_URL = "https://api.openai.com/v1";
/** OpenAI's chat model families; a custom OPENAI_BASE_URL gets `*` because its model names are unknown. */
const OPENAI_MODELS = ["gpt-*", "chatgpt-*", "o1*", "o3*", "o4*", "text-embedding-*"];
const OLLAMA_PROBE_TIMEOUT_MS = 500;

interface Candidate {
  name: string;
  baseUrl: string;
  apiKey?: string;
  models: string[];
  /** Where it came from, for the log line. */
  from: string;
}

export interface BootstrapOptions {
  core: CoreDeps;
  sealer: SecretSealer;
  config: Pick<ServerConfig, "providers" | "providerEnv">;
  logger: Logger;
}

/**
 * First start: when no provider exists at all (none configured, none stored), create them from
 * DASHSCOPE_API_KEY / OPENAI_API_KEY, or, with neither, from an Ollama server that answers on
 * its local address. They are stored like API-added ones, so they can be deleted and survive
 * restarts without being created twice. Returns the names created.
 */
export async function bootstrapModelProviders(options: BootstrapOptions): Promise<string[]> {
  const { core, config, logger } = options;
  if (config.providers.length > 0 || (await core.repos.modelProviders.count()) > 0) return [];
  const candidates = await detectCandidates(config.providerEnv, logger);
  if (candidates.length === 0) {
    logger.warn(
      "no model provider configured: app calls will fail until one is. Set DASHSCOPE_API_KEY or OPENAI_API_KEY, " +
        "run Ollama on localhost:11434, or add a provider via POST /manage/v1/providers or the console.",
    );
    return [];
  }
  const created: string[] = [];
  for (const candidate of candidates) {
    const at = isoNow(core.clock);
    const record: ModelProviderRecord = {
      id: `mp-${randomBytes(8).toString("hex")}`,
      name: candidate.name,
      baseUrl: candidate.baseUrl,
      apiKeySealed: candidate.apiKey ? options.sealer.seal(candidate.apiKey) : null,
      models: candidate.models,
      createdAt: at,
      updatedAt: at,
      createdBy: null,
    };
    try {
      await core.repos.modelProviders.create(record);
    } catch (e) {
      // Another server process starting at the same moment created it first.
      if (e instanceof AppError && e.code === "Conflict") continue;
      throw e;
    }
    await recordAudit(core, null, {
      action: "provider.create",
      resourceType: "model-provider",
      resourceId: record.id,
      details: { name: record.name, baseUrl: record.baseUrl, models: record.models, hasApiKey: record.apiKeySealed !== null, source: "environment" },
    });
    logger.info({ provider: record.name, baseUrl: record.baseUrl, models: record.models }, `model provider '${record.name}' configured from ${candidate.from}`);
    created.push(record.name);
  }
  return created;
}

async function detectCandidates(env: ServerConfig["providerEnv"], logger: Logger): Promise<Candidate[]> {
  const found: Candidate[] = [];
  if (env.dashscopeApiKey) {
    found.push({ name: "dashscope", baseUrl: DASHSCOPE_COMPATIBLE_URL, apiKey: env.dashscopeApiKey, models: DASHSCOPE_MODELS, from: "DASHSCOPE_API_KEY" });
  }
  if (env.openaiApiKey) {
    const custom = env.openaiBaseUrl?.replace(/\/+$/, "");
    found.push({
      name: "openai",
      baseUrl: custom ?? OPENAI_URL,
      apiKey: env.openaiApiKey,
      models: custom ? ["*"] : OPENAI_MODELS,
      from: custom ? "OPENAI_API_KEY and OPENAI_BASE_URL" : "OPENAI_API_KEY",
    });
  }
  if (found.length === 0 && env.probeOllama) {
    const ollama = await probeOllama(env.ollamaUrl, logger);
    if (ollama) found.push(ollama);
  }
  return found;
}

/** Asks Ollama for its pulled models; silence or an error within the probe timeout means "no Ollama". */
async function probeOllama(ollamaUrl: string, logger: Logger): Promise<Candidate | undefined> {
  let names: string[];
  try {
    const response = await fetch(`${ollamaUrl}/api/tags`, { signal: AbortSignal.timeout(OLLAMA_PROBE_TIMEOUT_MS) });
    if (!response.ok) return undefined;
    const body = (await response.json()) as { models?: { name?: unknown }[] };
    names = (body.models ?? []).map((m) => m.name).filter((n): n is string => typeof n === "string" && n !== "");
  } catch {
    return undefined;
  }
  if (names.length === 0) {
    logger.warn(`Ollama answers at ${ollamaUrl} but has no models; run 'ollama pull <model>' and restart to use it`);
    return undefined;
  }
  // Ollama accepts `llama3.2` for `llama3.2:latest`; `ollama/<name>` reaches any model, pulled later or not.
  const models = new Set<string>();
  for (const name of names) {
    models.add(name);
    if (name.endsWith(":latest")) models.add(name.slice(0, -":latest".length));
  }
  models.add("ollama/*");
  return { name: "ollama", baseUrl: `${ollamaUrl}/v1`, models: [...models], from: `the Ollama server at ${ollamaUrl}` };
}
