import type { SecretBox } from "@appstudio/adapters";
import type { Region } from "@appstudio/core";
import { type Database, isPostgresUrl, KyselyInstanceSettingsRepository } from "@appstudio/storage";
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import { ConfigError, type ServerConfig } from "../config.js";

/** The plaintext sealed into `secret_check`; any fixed text does, it is only ever compared. */
const SECRET_CHECK_TEXT = "appstudio secret check v1";

/**
 * Refuses to start when this process's master key cannot open the secrets already in the
 * database. Without it a process with another key (a forgotten APPSTUDIO_MASTER_KEY, a key file
 * generated on another machine) would start and fail every call to a stored provider.
 * The first start seals a check value; a database from before this check is verified against one
 * of its sealed secrets before the check value is written.
 */
async function checkMasterKey(settings: KyselyInstanceSettingsRepository, box: SecretBox, config: ServerConfig): Promise<void> {
  if (!(await keyOpensSecrets(settings, box))) throw wrongKey(config);
  const stored = await settings.putIfAbsent("secret_check", box.seal(SECRET_CHECK_TEXT));
  if (!opens(box, stored, SECRET_CHECK_TEXT)) throw wrongKey(config);
}

/** Read-only: whether this key opens the database's check value, or (before the check existed) one of its sealed secrets. */
export async function keyOpensSecrets(settings: KyselyInstanceSettingsRepository, box: SecretBox): Promise<boolean> {
  const stored = await settings.get("secret_check");
  if (stored !== undefined) return opens(box, stored, SECRET_CHECK_TEXT);
  const existing = await settings.anySealedSecret();
  return existing === undefined || opens(box, existing);
}

function opens(box: SecretBox, sealed: string, expected?: string): boolean {
  try {
    const text = box.open(sealed);
    return expected === undefined || text === expected;
  } catch {
    return false;
  }
}

function wrongKey(config: ServerConfig): ConfigError {
  const source = config.masterKey !== undefined ? "APPSTUDIO_MASTER_KEY" : `the key file ${config.dataDir}/master.key (APPSTUDIO_MASTER_KEY is not set)`;
  return new ConfigError([
    `masterKey (APPSTUDIO_MASTER_KEY): the master key from ${source} cannot open the secrets stored in this database. ` +
      "Every server process on one database must use the key the database was set up with: set APPSTUDIO_MASTER_KEY to it " +
      "(or copy that master.key into the data directory). See docs/operations.md#deployment.",
  ]);
}

/**
 * Makes every process on one database serve the same regions, and returns the ones to use.
 * The first start stores its regions. Later: a process configured with regions may add
 * regions (and change origins) but not drop a stored one, since workspaces belong to it; a
 * process started without APPSTUDIO_REGIONS serves the stored regions when they were
 * configured, rather than advertising its own `localhost:PORT`.
 */
async function agreeOnRegions(settings: KyselyInstanceSettingsRepository, config: ServerConfig, logger: Logger): Promise<Region[]> {
  const mine: StoredRegions = { configured: config.regionsConfigured, regions: config.regions };
  const stored = JSON.parse(await settings.putIfAbsent("regions", JSON.stringify(mine))) as StoredRegions;
  if (!config.regionsConfigured) {
    if (stored.configured) {
      logger.warn({ regions: stored.regions.map((r) => r.id) }, "APPSTUDIO_REGIONS is not set: serving the regions stored in the database");
      return stored.regions;
    }
    if (isPostgresUrl(config.databaseUrl)) {
      logger.warn("APPSTUDIO_REGIONS is not set: this process advertises its own http://localhost:PORT; set the same APPSTUDIO_REGIONS on every process");
    }
    return config.regions;
  }
  if (!stored.configured) {
    await settings.put("regions", JSON.stringify(mine));
    return config.regions;
  }
  const missing = stored.regions.filter((r) => !config.regions.some((c) => c.id === r.id)).map((r) => r.id);
  if (missing.length > 0) {
    throw new ConfigError([
      `regions (APPSTUDIO_REGIONS): this database serves the regions ${ids(stored.regions)}, but this process is configured with ${ids(config.regions)} ` +
        `(missing: ${missing.join(", ")}). Every server process must use the same APPSTUDIO_REGIONS; a region cannot be removed while workspaces belong to it.`,
    ]);
  }
  if (JSON.stringify(stored.regions) !== JSON.stringify(config.regions)) {
    logger.info({ regions: config.regions.map((r) => r.id) }, "regions changed by configuration; stored for the other processes");
    await settings.put("regions", JSON.stringify(mine));
  }
  return config.regions;
}

interface StoredRegions {
  configured: boolean;
  regions: Region[];
}

const ids = (regions: Region[]) => `[${regions.map((r) => r.id).join(", ")}]`;

/**
 * Start-up check of what every process on one database must share: the master key and the
 * regions. Throws a ConfigError naming the setting; adopts the stored regions into `config`.
 */
export async function agreeOnSharedSettings(db: Kysely<Database>, box: SecretBox, config: ServerConfig, logger: Logger): Promise<void> {
  const settings = new KyselyInstanceSettingsRepository(db);
  if (config.masterKey === undefined && isPostgresUrl(config.databaseUrl)) {
    logger.warn(`APPSTUDIO_MASTER_KEY is not set: using ${config.dataDir}/master.key; every process on this database must use the same key`);
  }
  await checkMasterKey(settings, box, config);
  const regions = await agreeOnRegions(settings, config, logger);
  // In place: the core settings and the HTTP layer hold this same array.
  if (regions !== config.regions) config.regions.splice(0, config.regions.length, ...regions);
}
