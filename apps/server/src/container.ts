import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { argon2Hasher, createRateLimiter, SecretBox } from "@appstudio/adapters";
import { type CoreDeps, type PasswordHasher, type RateLimiter, systemClock } from "@appstudio/core";
import { createRepositories, type DatabaseHandle, migrateToLatest, openDatabase } from "@appstudio/storage";
import { Redis } from "ioredis";
import type { ServerConfig } from "./config.js";

/** Everything the HTTP layer needs, wired from the config. The only place adapters are chosen. */
export interface Container {
  config: ServerConfig;
  core: CoreDeps;
  database: DatabaseHandle;
  redis: Redis | undefined;
  loginThrottle: RateLimiter;
  secretBox: SecretBox;
  close(): Promise<void>;
}

export interface ContainerOptions {
  /** Tests swap argon2 for something faster; production never passes this. */
  hasher?: PasswordHasher;
}

export async function createContainer(config: ServerConfig, options: ContainerOptions = {}): Promise<Container> {
  const database = openDatabase(config.databaseUrl);
  await migrateToLatest(database.db);
  const redis = config.redisUrl ? new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 }) : undefined;
  const core: CoreDeps = {
    repos: createRepositories(database.db),
    hasher: options.hasher ?? argon2Hasher,
    clock: systemClock,
    settings: {
      regions: config.regions,
      maxSubWorkspacesPerRegion: config.maxSubWorkspacesPerRegion,
      consoleSessionTtlSeconds: config.consoleSessionTtlSeconds,
      defaultModel: config.defaultModel,
    },
  };
  const loginThrottle = createRateLimiter({ name: "login", points: config.loginAttemptsPerWindow, windowSeconds: 15 * 60, ...(redis ? { redis } : {}) });
  return {
    config,
    core,
    database,
    redis,
    loginThrottle,
    secretBox: new SecretBox(config.masterKey ?? loadOrCreateMasterKey(config.dataDir)),
    async close() {
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
