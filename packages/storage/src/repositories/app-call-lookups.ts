import type { ApiKey, ApiKeyRepository, App, AppRepository, Workspace } from "@appstudio/core";
import type { CompiledQuery, Kysely } from "kysely";
import type { Database } from "../schema.js";

type KeyLookup = { key: ApiKey; workspace: Workspace };

/**
 * The lookups the app API's caller check makes on every call (the key with its workspace, the
 * app), cached in the process. Each call first reads one counter, `lookup_epoch`, which
 * triggers move forward on any change to keys, apps, versions and workspaces (migration 0014),
 * whichever process or tool made it; when it moved, the cache is dropped. So a key disabled,
 * reset or deleted anywhere is refused on the next call everywhere, as without a cache, and a
 * call costs one small precompiled read instead of three built queries.
 *
 * Only found rows are cached (a miss costs a query, as before, and cannot fill memory), and
 * the app lookups rely on the epoch the key lookup of the same call just read: both happen
 * within the caller check, the key first. Cached objects are shared: callers must not mutate them.
 */
export class AppCallLookups {
  private epoch: string | undefined;
  private readonly keys = new Map<string, KeyLookup>();
  private readonly apps = new Map<string, App>();
  private readonly readEpoch: CompiledQuery<{ epoch: number | string }>;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly repos: { apiKeys: ApiKeyRepository; apps: Pick<AppRepository, "findById" | "findVersion"> },
    private readonly maxEntries = 10_000,
  ) {
    // Compiled once: building a Kysely query costs more than running this one.
    this.readEpoch = db.selectFrom("lookup_epoch").select("epoch").where("id", "=", 1).compile();
  }

  /** The key of a secret hash, with its workspace. */
  async findWithWorkspaceByHash(secretHash: string): Promise<KeyLookup | undefined> {
    const epoch = await this.currentEpoch();
    const cached = this.keys.get(secretHash);
    if (cached) return cached;
    const found = await this.repos.apiKeys.findWithWorkspaceByHash(secretHash);
    if (found && epoch === this.epoch) this.remember(this.keys, secretHash, found);
    return found;
  }

  /** Marks a key used: not cached, and (by design) not a change that moves the epoch. */
  touch(id: string, at: string): Promise<void> {
    return this.repos.apiKeys.touch(id, at);
  }

  async findById(id: string): Promise<App | undefined> {
    const cached = this.apps.get(id);
    if (cached) return cached;
    const epoch = this.epoch;
    const found = await this.repos.apps.findById(id);
    if (found && epoch === this.epoch) this.remember(this.apps, id, found);
    return found;
  }

  /** Published versions never change; the repository caches them itself. */
  findVersion(appId: string, version: number) {
    return this.repos.apps.findVersion(appId, version);
  }

  private async currentEpoch(): Promise<string | undefined> {
    const { rows } = await this.db.executeQuery(this.readEpoch);
    const epoch = rows[0] === undefined ? undefined : String(rows[0].epoch);
    if (epoch !== this.epoch || epoch === undefined) {
      this.keys.clear();
      this.apps.clear();
      this.epoch = epoch;
    }
    return epoch;
  }

  private remember<T>(map: Map<string, T>, key: string, value: T) {
    // Bounded: a full cache starts over rather than tracking what is least used.
    if (map.size >= this.maxEntries) map.clear();
    map.set(key, value);
  }
}
