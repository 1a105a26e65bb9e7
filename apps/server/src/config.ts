import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { DEFAULT_MAX_JSON_DEPTH, type Region } from "@appstudio/core";
import { normaliseOllama, type ProviderSetting, parseProviders, parseRegions } from "./config-lists.js";
import { parseTracingSetting, type TracingSetting } from "./observability/tracing-setting.js";
import { parseTrustProxy, type TrustProxySetting } from "./trust-proxy.js";

export type { ProviderSetting, TracingSetting };

/** Every setting of the server. Built once at start-up by `loadConfig`; nothing else reads process.env. */
export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string;
  redisUrl: string | undefined;
  adminPassword: string | undefined;
  /** Master key for secrets at rest; generated into the data directory when not given. */
  masterKey: string | undefined;
  regions: Region[];
  /** True when APPSTUDIO_REGIONS or the config file names the regions (false: the default `local` region). */
  regionsConfigured: boolean;
  maxSubWorkspacesPerRegion: number;
  consoleSessionTtlSeconds: number;
  /** Largest request body accepted, in bytes. */
  bodyLimit: number;
  /** Longest wait for a request's headers, and for the next bytes of its body; then 408 and the connection closes. Responses (SSE) are not limited. */
  requestTimeoutMs: number;
  /** Longest time to receive one whole request, however steadily its body arrives. */
  requestBodyMaxMs: number;
  /** How long an idle keep-alive connection stays open between requests. */
  keepAliveTimeoutMs: number;
  /** On SIGTERM/SIGINT, how long running calls and streams may take to finish before they are ended. */
  shutdownGraceMs: number;
  /** Deepest nesting of objects and arrays in a JSON body (and in values inside workflow runs). */
  maxJsonDepth: number;
  logLevel: string;
  /** A request that takes at least this long is logged at `info` like an error is; others only at `debug`. */
  slowRequestMs: number;
  /** Most PostgreSQL connections this process opens (processes × this must stay below max_connections). */
  databasePoolSize: number;
  /** Server processes behind the one port (`serve --workers`): 1 runs in this process; more fork a node:cluster primary. */
  workers: number;
  /** Proxies believed about the client address: none, these addresses/blocks, or a hop count. */
  trustProxy: TrustProxySetting;
  defaultModel: string;
  /** Failed sign-ins allowed per login name from one address in a sign-in window. */
  loginAttemptsPerWindow: number;
  /** Failed sign-ins allowed per address, across all login names, in a sign-in window. */
  loginAttemptsPerAddress: number;
  /** Failed sign-ins allowed per login name from all addresses; past it only addresses without failures may try. */
  loginAttemptsPerAccount: number;
  /** Length of the sign-in window, in seconds. */
  loginWindowSeconds: number;
  /** Serve the console from this directory when it exists. */
  consoleDir: string;
  /** `session_id` conversations expire after this long without a call (DashScope: 1 hour). */
  sessionIdleSeconds: number;
  /** Rounds kept per conversation (DashScope: 50). */
  sessionMaxRounds: number;
  /** App API calls allowed per app per minute (DashScope default: 15 000). */
  appRequestsPerMinute: number;
  /** App API calls allowed per API key per minute. */
  keyRequestsPerMinute: number;
  /** Model providers declared in configuration (read-only in the console). */
  providers: ProviderSetting[];
  /** Chat calls open at once per model provider (a provider's own `maxConcurrent` wins); one more is refused with 429 `Throttling`. */
  upstreamMaxConcurrent: number;
  /** How long a call over that limit waits for a place before the 429 (0: refused at once). */
  upstreamQueueTimeoutMs: number;
  /** Environment variables that switch on a provider on first start (DASHSCOPE_API_KEY, OPENAI_API_KEY ...). */
  providerEnv: { dashscopeApiKey?: string; openaiApiKey?: string; openaiBaseUrl?: string; ollamaUrl: string; probeOllama: boolean };
  /** Keep prompts and answers in the call log. */
  callLogContent: boolean;
  /** Days call-log rows are kept. */
  callLogRetentionDays: number;
  /** Where HTTP tools and workflow HTTP nodes may connect: public addresses only, or anywhere. */
  outboundNetwork: "public" | "any";
  /** Largest file accepted per uploaded knowledge document, in bytes. */
  knowledgeMaxFileBytes: number;
  /** Documents ingested at once by this process; 0 leaves ingestion to other processes. */
  knowledgeConcurrency: number;
  /** How long a process holds a document's job without renewing it; a crashed process's jobs resume after it. */
  knowledgeLeaseSeconds: number;
  /** Longest parse + chunk of one document, in seconds. */
  knowledgeParseTimeoutSeconds: number;
  /** Heap of the thread that parses a document, in MiB. */
  knowledgeParseMemoryMb: number;
  /** Bearer token that `GET /metrics` requires; without it the endpoint answers 404. */
  metricsToken: string | undefined;
  /** OpenTelemetry trace export (from the standard OTEL_* variables); absent: tracing off. */
  tracing: TracingSetting | undefined;
}

/** Flags from the CLI; they win over the environment, which wins over the config file. */
export interface ConfigOverrides {
  port?: number;
  host?: string;
  dataDir?: string;
  databaseUrl?: string;
  redisUrl?: string;
  configFile?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

type Source = Record<string, unknown>;

/** Maps config-file keys to environment variable names, so both spell the same settings. */
const ENV: Record<string, string> = {
  host: "APPSTUDIO_HOST",
  port: "PORT",
  dataDir: "APPSTUDIO_DATA_DIR",
  databaseUrl: "DATABASE_URL",
  redisUrl: "REDIS_URL",
  adminPassword: "APPSTUDIO_ADMIN_PASSWORD",
  masterKey: "APPSTUDIO_MASTER_KEY",
  regions: "APPSTUDIO_REGIONS",
  maxSubWorkspacesPerRegion: "APPSTUDIO_MAX_SUB_WORKSPACES",
  consoleSessionTtlSeconds: "APPSTUDIO_SESSION_TTL_SECONDS",
  bodyLimit: "APPSTUDIO_BODY_LIMIT",
  requestTimeoutMs: "APPSTUDIO_REQUEST_TIMEOUT_MS",
  requestBodyMaxMs: "APPSTUDIO_REQUEST_BODY_MAX_MS",
  keepAliveTimeoutMs: "APPSTUDIO_KEEP_ALIVE_TIMEOUT_MS",
  shutdownGraceMs: "APPSTUDIO_SHUTDOWN_GRACE_MS",
  maxJsonDepth: "APPSTUDIO_MAX_JSON_DEPTH",
  logLevel: "LOG_LEVEL",
  slowRequestMs: "APPSTUDIO_SLOW_REQUEST_MS",
  databasePoolSize: "APPSTUDIO_DB_POOL_SIZE",
  workers: "APPSTUDIO_WORKERS",
  trustProxy: "APPSTUDIO_TRUST_PROXY",
  defaultModel: "APPSTUDIO_DEFAULT_MODEL",
  loginAttemptsPerWindow: "APPSTUDIO_LOGIN_ATTEMPTS",
  loginAttemptsPerAddress: "APPSTUDIO_LOGIN_ATTEMPTS_PER_ADDRESS",
  loginAttemptsPerAccount: "APPSTUDIO_LOGIN_ATTEMPTS_PER_ACCOUNT",
  loginWindowSeconds: "APPSTUDIO_LOGIN_WINDOW_SECONDS",
  consoleDir: "APPSTUDIO_CONSOLE_DIR",
  sessionIdleSeconds: "APPSTUDIO_SESSION_IDLE_SECONDS",
  sessionMaxRounds: "APPSTUDIO_SESSION_MAX_ROUNDS",
  appRequestsPerMinute: "APPSTUDIO_APP_RPM",
  keyRequestsPerMinute: "APPSTUDIO_KEY_RPM",
  providers: "APPSTUDIO_PROVIDERS",
  upstreamMaxConcurrent: "APPSTUDIO_UPSTREAM_MAX_CONCURRENT",
  upstreamQueueTimeoutMs: "APPSTUDIO_UPSTREAM_QUEUE_TIMEOUT_MS",
  callLogContent: "APPSTUDIO_CALL_LOG_CONTENT",
  callLogRetentionDays: "APPSTUDIO_CALL_LOG_RETENTION_DAYS",
  outboundNetwork: "APPSTUDIO_OUTBOUND_NETWORK",
  knowledgeMaxFileBytes: "APPSTUDIO_KNOWLEDGE_MAX_FILE_BYTES",
  knowledgeConcurrency: "APPSTUDIO_KNOWLEDGE_CONCURRENCY",
  knowledgeLeaseSeconds: "APPSTUDIO_KNOWLEDGE_LEASE_SECONDS",
  knowledgeParseTimeoutSeconds: "APPSTUDIO_KNOWLEDGE_PARSE_TIMEOUT_SECONDS",
  knowledgeParseMemoryMb: "APPSTUDIO_KNOWLEDGE_PARSE_MEMORY_MB",
  metricsToken: "APPSTUDIO_METRICS_TOKEN",
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): ServerConfig {
  const problems: string[] = [];
  const configFile = overrides.configFile ?? env.APPSTUDIO_CONFIG;
  let file: Source = {};
  if (configFile) {
    try {
      file = JSON.parse(readFileSync(configFile, "utf8")) as Source;
    } catch (e) {
      problems.push(`config file ${configFile}: ${(e as Error).message}`);
    }
  }
  const raw = (key: keyof ServerConfig): unknown => {
    const flag = (overrides as Source)[key];
    if (flag !== undefined) return flag;
    const fromEnv = env[ENV[key] ?? ""];
    if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
    return file[key];
  };
  const str = (key: keyof ServerConfig, fallback: string) => String(raw(key) ?? fallback);
  const optional = (key: keyof ServerConfig) => (raw(key) === undefined ? undefined : String(raw(key)));
  const int = (key: keyof ServerConfig, fallback: number, min: number, max: number) => {
    const value = raw(key) ?? fallback;
    const n = typeof value === "number" ? value : Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${key} (${ENV[key]}): expected a whole number from ${min} to ${max}, got '${String(value)}'`);
      return fallback;
    }
    return n;
  };
  const oneOf = <T extends string>(key: keyof ServerConfig, allowed: readonly T[], fallback: T): T => {
    const value = String(raw(key) ?? fallback);
    if ((allowed as readonly string[]).includes(value)) return value as T;
    problems.push(`${key} (${ENV[key]}): expected one of ${allowed.join(", ")}, got '${value}'`);
    return fallback;
  };
  const bool = (key: keyof ServerConfig, fallback: boolean) => {
    const value = raw(key) ?? fallback;
    if (typeof value === "boolean") return value;
    if (["true", "1", "yes"].includes(String(value))) return true;
    if (["false", "0", "no"].includes(String(value))) return false;
    problems.push(`${key} (${ENV[key]}): expected true or false, got '${String(value)}'`);
    return fallback;
  };

  const port = int("port", 8080, 0, 65535);
  const dataDir = resolve(str("dataDir", "./data"));
  const regions = parseRegions(raw("regions"), port, problems);
  const config: ServerConfig = {
    host: str("host", "0.0.0.0"),
    port,
    dataDir,
    databaseUrl: str("databaseUrl", `sqlite:${resolve(dataDir, "appstudio.db")}`),
    redisUrl: optional("redisUrl"),
    adminPassword: optional("adminPassword"),
    masterKey: optional("masterKey"),
    regions,
    regionsConfigured: raw("regions") !== undefined,
    maxSubWorkspacesPerRegion: int("maxSubWorkspacesPerRegion", 20, 0, 10_000),
    consoleSessionTtlSeconds: int("consoleSessionTtlSeconds", 12 * 3600, 60, 30 * 86400),
    bodyLimit: int("bodyLimit", 10 * 1024 * 1024, 1024, 100 * 1024 * 1024),
    requestTimeoutMs: int("requestTimeoutMs", 10_000, 100, 3_600_000),
    requestBodyMaxMs: int("requestBodyMaxMs", 300_000, 100, 86_400_000),
    keepAliveTimeoutMs: int("keepAliveTimeoutMs", 72_000, 100, 3_600_000),
    shutdownGraceMs: int("shutdownGraceMs", 30_000, 0, 3_600_000),
    maxJsonDepth: int("maxJsonDepth", DEFAULT_MAX_JSON_DEPTH, 8, 1000),
    logLevel: str("logLevel", "info"),
    slowRequestMs: int("slowRequestMs", 1000, 0, 3_600_000),
    databasePoolSize: int("databasePoolSize", 10, 1, 1000),
    // `auto`: one per core (the cores this process may use).
    workers: String(raw("workers")) === "auto" ? availableParallelism() : int("workers", 1, 1, 256),
    trustProxy: parseTrustProxy(raw("trustProxy"), problems),
    defaultModel: str("defaultModel", "qwen-plus"),
    loginAttemptsPerWindow: int("loginAttemptsPerWindow", 10, 1, 10_000),
    loginAttemptsPerAddress: int("loginAttemptsPerAddress", 50, 1, 100_000),
    loginAttemptsPerAccount: int("loginAttemptsPerAccount", 100, 1, 100_000),
    loginWindowSeconds: int("loginWindowSeconds", 15 * 60, 1, 86_400),
    consoleDir: resolve(str("consoleDir", resolve(import.meta.dirname, "../../console/dist"))),
    sessionIdleSeconds: int("sessionIdleSeconds", 3600, 1, 30 * 86400),
    sessionMaxRounds: int("sessionMaxRounds", 50, 1, 1000),
    appRequestsPerMinute: int("appRequestsPerMinute", 15_000, 1, 10_000_000),
    keyRequestsPerMinute: int("keyRequestsPerMinute", 15_000, 1, 10_000_000),
    providers: parseProviders(raw("providers"), problems),
    upstreamMaxConcurrent: int("upstreamMaxConcurrent", 20_000, 1, 1_000_000),
    upstreamQueueTimeoutMs: int("upstreamQueueTimeoutMs", 0, 0, 300_000),
    providerEnv: {
      ...(env.DASHSCOPE_API_KEY ? { dashscopeApiKey: env.DASHSCOPE_API_KEY } : {}),
      ...(env.OPENAI_API_KEY ? { openaiApiKey: env.OPENAI_API_KEY } : {}),
      ...(env.OPENAI_BASE_URL ? { openaiBaseUrl: env.OPENAI_BASE_URL } : {}),
      ollamaUrl: env.OLLAMA_HOST ? normaliseOllama(env.OLLAMA_HOST) : "http://127.0.0.1:11434",
      probeOllama: env.APPSTUDIO_PROBE_OLLAMA !== "false",
    },
    callLogContent: bool("callLogContent", true),
    callLogRetentionDays: int("callLogRetentionDays", 30, 1, 3650),
    outboundNetwork: oneOf("outboundNetwork", ["public", "any"] as const, "public"),
    knowledgeMaxFileBytes: int("knowledgeMaxFileBytes", 50 * 1024 * 1024, 1024, 512 * 1024 * 1024),
    knowledgeConcurrency: int("knowledgeConcurrency", 2, 0, 64),
    knowledgeLeaseSeconds: int("knowledgeLeaseSeconds", 60, 5, 3600),
    knowledgeParseTimeoutSeconds: int("knowledgeParseTimeoutSeconds", 300, 1, 86_400),
    knowledgeParseMemoryMb: int("knowledgeParseMemoryMb", 1024, 64, 65_536),
    metricsToken: optional("metricsToken"),
    tracing: parseTracingSetting(env, problems),
  };
  if (!["fatal", "error", "warn", "info", "debug", "trace", "silent"].includes(config.logLevel)) {
    problems.push(`logLevel (LOG_LEVEL): expected one of fatal, error, warn, info, debug, trace, silent`);
  }
  if (config.requestBodyMaxMs < config.requestTimeoutMs) {
    problems.push("requestBodyMaxMs (APPSTUDIO_REQUEST_BODY_MAX_MS): must not be less than requestTimeoutMs (APPSTUDIO_REQUEST_TIMEOUT_MS)");
  }
  if (config.masterKey !== undefined && config.masterKey.length < 32) {
    problems.push("masterKey (APPSTUDIO_MASTER_KEY): must be at least 32 characters long");
  }
  if (config.metricsToken !== undefined && config.metricsToken.length < 16) {
    problems.push("metricsToken (APPSTUDIO_METRICS_TOKEN): must be at least 16 characters long");
  }
  if (config.adminPassword !== undefined && config.adminPassword.length < 8) {
    problems.push("adminPassword (APPSTUDIO_ADMIN_PASSWORD): must be at least 8 characters long");
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
