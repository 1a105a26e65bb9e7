import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  argon2Hasher,
  createChunker,
  createDocumentParser,
  createFetchToolHttpClient,
  createQuickJsSandbox,
  createRateLimiter,
  createSdkMcpConnector,
  SecretBox,
} from "@appstudio/adapters";
import {
  type CoreDeps,
  createHybridRetriever,
  type KnowledgeDeps,
  type McpAccess,
  type McpDeps,
  type PasswordHasher,
  type RateLimiter,
  type Retriever,
  type ScriptSandbox,
  type SignInThrottles,
  systemClock,
  type ToolHttpClient,
} from "@appstudio/core";
import { AppCallLookups, createRepositories, type DatabaseHandle, migrateToLatest, openDatabase, pingDatabase } from "@appstudio/storage";
import type { Redis } from "ioredis";
import { type Logger, pino } from "pino";
import { BackgroundTasks } from "./background-tasks.js";
import { type CallLog, createCallLog } from "./call-log/create-call-log.js";
import type { ServerConfig } from "./config.js";
import { connectRedis } from "./dependencies/connect-redis.js";
import { databaseStartupError, giveUp } from "./dependencies/startup-errors.js";
import { announcingQueuedDocuments, createKnowledgeIngestion, type KnowledgeIngestion } from "./knowledge/create-knowledge-ingestion.js";
import { Lifecycle } from "./lifecycle/lifecycle.js";
import { agreeOnSharedSettings } from "./lifecycle/shared-settings.js";
import { createModelRegistry, type ModelRegistry } from "./model-providers/create-model-registry.js";
import { Observability } from "./observability/observability.js";
import { countingLimiter, meteredCallLog } from "./observability/observed-ports.js";

/** Everything the HTTP layer needs, wired from the config. The only place adapters are chosen. */
export interface Container {
  config: ServerConfig;
  core: CoreDeps;
  database: DatabaseHandle;
  redis: Redis | undefined;
  loginThrottles: SignInThrottles;
  /** The app API's key and app lookups, cached while no process changed keys, apps or workspaces. */
  appCallLookups: AppCallLookups;
  /** App API limits, counted per app and per key (shared through Redis when configured). */
  appLimiter: RateLimiter;
  keyLimiter: RateLimiter;
  secretBox: SecretBox;
  models: ModelRegistry;
  callLog: CallLog;
  toolClient: ToolHttpClient;
  /** Runs workflow Script nodes (QuickJS in child processes, started on first use). */
  sandbox: ScriptSandbox;
  /** The core ports plus what the knowledge use cases need (format detection, token counts, the upload limit). */
  knowledge: KnowledgeDeps;
  /** The core ports plus what MCP service use cases need (the secret box, a connector under the outbound network policy). */
  mcp: McpDeps;
  /** MCP services for agents, `mcp_servers` and workflow MCP nodes. */
  mcpAccess: McpAccess;
  /** Knowledge search for agents (`rag_options`, knowledge settings) and Knowledge Retrieval nodes. */
  retriever: Retriever;
  /** Work that outlives a response (memory extraction after a turn); `close()` waits for it. */
  background: BackgroundTasks;
  /** Background ingestion of uploaded documents; `startServer` starts it once listening. */
  ingestion: KnowledgeIngestion;
  /** Serving or draining: readiness and running calls follow it during a graceful shutdown. */
  lifecycle: Lifecycle;
  /** Prometheus metrics and OpenTelemetry tracing. */
  observability: Observability;
  close(): Promise<void>;
}

export interface ContainerOptions {
  /** Tests swap argon2 for something faster; production never passes this. */
  hasher?: PasswordHasher;
  /** Logger for work outside requests (provider bootstrap, call-log writes); pino at the config level by default. */
  logger?: Logger;
}

export async function createContainer(config: ServerConfig, options: ContainerOptions = {}): Promise<Container> {
  const logger = options.logger ?? pino({ level: config.logLevel });
  const database = openDatabase(config.databaseUrl, {
    poolSize: config.databasePoolSize,
    onIdleClientError: (err) => logger.warn({ err }, "a pooled database connection failed; it will be replaced"),
  });
  // An unreachable database or Redis stops the start with a message naming the setting (bounded waits).
  await pingDatabase(database.db).catch((e: unknown) => giveUp(database, databaseStartupError(config.databaseUrl, e)));
  await migrateToLatest(database.db);
  const secretBox = new SecretBox(config.masterKey ?? loadOrCreateMasterKey(config.dataDir));
  // Every process on one database must share the master key and the regions (docs/operations.md#deployment).
  await agreeOnSharedSettings(database.db, secretBox, config, logger).catch((e: unknown) => giveUp(database, e));
  const redis = config.redisUrl ? await connectRedis(config.redisUrl).catch((e: unknown) => giveUp(database, e)) : undefined;
  const core: CoreDeps = {
    repos: createRepositories(database.db, database.dialect),
    hasher: options.hasher ?? argon2Hasher,
    clock: systemClock,
    settings: {
      regions: config.regions,
      maxSubWorkspacesPerRegion: config.maxSubWorkspacesPerRegion,
      consoleSessionTtlSeconds: config.consoleSessionTtlSeconds,
      defaultModel: config.defaultModel,
    },
  };
  const observability = new Observability(config.tracing, database);
  const counted = (limiter: RateLimiter, name: string) => countingLimiter(limiter, name, observability.metrics);
  const window = { windowSeconds: config.loginWindowSeconds, ...(redis ? { redis } : {}) };
  const loginThrottles: SignInThrottles = {
    perLoginAndAddress: counted(createRateLimiter({ name: "login-pair", points: config.loginAttemptsPerWindow, ...window }), "login-pair"),
    perAddress: counted(createRateLimiter({ name: "login-ip", points: config.loginAttemptsPerAddress, ...window }), "login-ip"),
    perLogin: counted(createRateLimiter({ name: "login", points: config.loginAttemptsPerAccount, ...window }), "login"),
  };

  const shared = redis ? { redis } : {};
  const models = await createModelRegistry({ config, core, sealer: secretBox, logger });
  const onOutcome = (status: string) => observability.metrics.ingestionJobs.labels(status).inc();
  const ingestion = createKnowledgeIngestion({ config, repos: core.repos, embedder: models.embedder, clock: core.clock, logger, onOutcome });
  // Uploads and re-indexes announce the documents they queue, so ingestion starts at once.
  core.repos = announcingQueuedDocuments(core.repos, (documentId) => ingestion.announce(documentId));
  const callLog = meteredCallLog(
    createCallLog({ repository: core.repos.callLogs, logger, content: config.callLogContent, retentionDays: config.callLogRetentionDays }),
    observability.metrics,
  );
  const sandbox = createQuickJsSandbox();
  const background = new BackgroundTasks();
  const mcpConnector = createSdkMcpConnector({ network: config.outboundNetwork });
  return {
    config,
    core,
    database,
    appCallLookups: new AppCallLookups(database.db, core.repos),
    redis,
    loginThrottles,
    appLimiter: counted(createRateLimiter({ name: "app-rpm", points: config.appRequestsPerMinute, windowSeconds: 60, ...shared }), "app-rpm"),
    keyLimiter: counted(createRateLimiter({ name: "key-rpm", points: config.keyRequestsPerMinute, windowSeconds: 60, ...shared }), "key-rpm"),
    secretBox,
    models,
    callLog,
    toolClient: createFetchToolHttpClient({ network: config.outboundNetwork }),
    sandbox,
    knowledge: {
      ...core,
      knowledge: { parser: createDocumentParser(), chunker: createChunker(), embedder: models.embedder, maxFileBytes: config.knowledgeMaxFileBytes },
    },
    mcp: { ...core, mcp: { sealer: secretBox, connector: mcpConnector } },
    mcpAccess: { services: core.repos.mcpServices, sealer: secretBox, connector: mcpConnector },
    retriever: createHybridRetriever({
      bases: core.repos.knowledgeBases,
      search: core.repos.knowledgeSearch,
      embedder: models.embedder,
      reranker: models.embedder,
      onWarning: (message, details) => logger.warn(details, message),
    }),
    background,
    ingestion,
    lifecycle: new Lifecycle(),
    observability,
    async close() {
      await background.drain();
      await ingestion.stop();
      await sandbox.close();
      await callLog.close();
      await models.close();
      await database.close();
      redis?.disconnect();
      await observability.tracing.shutdown();
    },
  };
}

/**
 * Single-node convenience: keep a generated master key beside the SQLite file (mode 0600).
 * Scale-out deployments set APPSTUDIO_MASTER_KEY so every instance decrypts the same secrets.
 */
function loadOrCreateMasterKey(dataDir: string): string {
  const file = join(dataDir, "master.key");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const key = randomBytes(32).toString("base64url");
    writeFileSync(file, key, { mode: 0o600, flag: "wx" });
    return key;
  }
}
