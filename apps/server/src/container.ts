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
  SecretBox,
} from "@appstudio/adapters";
import {
  type CoreDeps,
  createHybridRetriever,
  type KnowledgeDeps,
  type PasswordHasher,
  type RateLimiter,
  type Retriever,
  type ScriptSandbox,
  type SignInThrottles,
  systemClock,
  type ToolHttpClient,
} from "@appstudio/core";
import { createRepositories, type DatabaseHandle, migrateToLatest, openDatabase } from "@appstudio/storage";
import { Redis } from "ioredis";
import { type Logger, pino } from "pino";
import { BackgroundTasks } from "./background-tasks.js";
import { type CallLog, createCallLog } from "./call-log/create-call-log.js";
import type { ServerConfig } from "./config.js";
import { announcingQueuedDocuments, createKnowledgeIngestion, type KnowledgeIngestion } from "./knowledge/create-knowledge-ingestion.js";
import { createModelRegistry, type ModelRegistry } from "./model-providers/create-model-registry.js";

/** Everything the HTTP layer needs, wired from the config. The only place adapters are chosen. */
export interface Container {
  config: ServerConfig;
  core: CoreDeps;
  database: DatabaseHandle;
  redis: Redis | undefined;
  loginThrottles: SignInThrottles;
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
  /** Knowledge search for agents (`rag_options`, knowledge settings) and Knowledge Retrieval nodes. */
  retriever: Retriever;
  /** Work that outlives a response (memory extraction after a turn); `close()` waits for it. */
  background: BackgroundTasks;
  /** Background ingestion of uploaded documents; `startServer` starts it once listening. */
  ingestion: KnowledgeIngestion;
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
    onIdleClientError: (err) => logger.warn({ err }, "a pooled database connection failed; it will be replaced"),
  });
  await migrateToLatest(database.db);
  const redis = config.redisUrl ? new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 }) : undefined;
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
  const window = { windowSeconds: config.loginWindowSeconds, ...(redis ? { redis } : {}) };
  const loginThrottles: SignInThrottles = {
    perLoginAndAddress: createRateLimiter({ name: "login-pair", points: config.loginAttemptsPerWindow, ...window }),
    perAddress: createRateLimiter({ name: "login-ip", points: config.loginAttemptsPerAddress, ...window }),
    perLogin: createRateLimiter({ name: "login", points: config.loginAttemptsPerAccount, ...window }),
  };

  const shared = redis ? { redis } : {};
  const secretBox = new SecretBox(config.masterKey ?? loadOrCreateMasterKey(config.dataDir));
  const models = await createModelRegistry({ config, core, sealer: secretBox, logger });
  const ingestion = createKnowledgeIngestion({ config, repos: core.repos, embedder: models.embedder, clock: core.clock, logger });
  // Uploads and re-indexes announce the documents they queue, so ingestion starts at once.
  core.repos = announcingQueuedDocuments(core.repos, (documentId) => ingestion.announce(documentId));
  const callLog = createCallLog({ repository: core.repos.callLogs, logger, content: config.callLogContent, retentionDays: config.callLogRetentionDays });
  const sandbox = createQuickJsSandbox();
  const background = new BackgroundTasks();
  return {
    config,
    core,
    database,
    redis,
    loginThrottles,
    appLimiter: createRateLimiter({ name: "app-rpm", points: config.appRequestsPerMinute, windowSeconds: 60, ...shared }),
    keyLimiter: createRateLimiter({ name: "key-rpm", points: config.keyRequestsPerMinute, windowSeconds: 60, ...shared }),
    secretBox,
    models,
    callLog,
    toolClient: createFetchToolHttpClient({ network: config.outboundNetwork }),
    sandbox,
    knowledge: {
      ...core,
      knowledge: { parser: createDocumentParser(), chunker: createChunker(), embedder: models.embedder, maxFileBytes: config.knowledgeMaxFileBytes },
    },
    retriever: createHybridRetriever({
      bases: core.repos.knowledgeBases,
      search: core.repos.knowledgeSearch,
      embedder: models.embedder,
      reranker: models.embedder,
      onWarning: (message, details) => logger.warn(details, message),
    }),
    background,
    ingestion,
    async close() {
      await background.drain();
      await ingestion.stop();
      await sandbox.close();
      await callLog.close();
      await models.close();
      await database.close();
      redis?.disconnect();
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
