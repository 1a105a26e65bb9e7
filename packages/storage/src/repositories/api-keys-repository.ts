import type { ApiKey, ApiKeyRepository, ApiKeyScope, ApiKeyWithHash, PageRequest, Workspace } from "@appstudio/core";
import { type Kysely, type Selectable, sql } from "kysely";
import { conflictOnDuplicate } from "../dialects/errors.js";
import type { ApiKeysTable, Database } from "../schema.js";
import { bool, int, json, likePattern, page } from "./row-helpers.js";

const toKey = (row: Selectable<ApiKeysTable>): ApiKey => ({
  id: row.id,
  workspaceId: row.workspace_id,
  prefix: row.prefix,
  description: row.description,
  createdBy: row.created_by,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  disabled: bool(row.disabled),
  ipAllowlist: json<string[]>(row.ip_allowlist),
  appAllowlist: json<string[]>(row.app_allowlist),
  scope: row.scope === "region" ? "region" : ("workspace" satisfies ApiKeyScope),
});

export class KyselyApiKeyRepository implements ApiKeyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(key: ApiKeyWithHash) {
    await conflictOnDuplicate(
      () =>
        this.db
          .insertInto("api_keys")
          .values({
            id: key.id,
            workspace_id: key.workspaceId,
            secret_hash: key.secretHash,
            prefix: key.prefix,
            description: key.description,
            created_by: key.createdBy,
            created_at: key.createdAt,
            last_used_at: key.lastUsedAt,
            disabled: int(key.disabled),
            ip_allowlist: JSON.stringify(key.ipAllowlist),
            app_allowlist: JSON.stringify(key.appAllowlist),
            scope: key.scope,
          })
          .execute(),
      "An API key with this id or secret already exists.",
    );
  }

  async findById(id: string) {
    const row = await this.db.selectFrom("api_keys").selectAll().where("id", "=", id).executeTakeFirst();
    return row && toKey(row);
  }

  async findByHash(secretHash: string) {
    const row = await this.db.selectFrom("api_keys").selectAll().where("secret_hash", "=", secretHash).executeTakeFirst();
    return row && { ...toKey(row), secretHash: row.secret_hash };
  }

  async findWithWorkspaceByHash(secretHash: string) {
    const row = await this.db
      .selectFrom("api_keys as k")
      .innerJoin("workspaces as w", "w.id", "k.workspace_id")
      .selectAll("k")
      .select(["w.name as ws_name", "w.region as ws_region", "w.is_default as ws_is_default", "w.created_at as ws_created_at", "w.updated_at as ws_updated_at"])
      .where("k.secret_hash", "=", secretHash)
      .executeTakeFirst();
    if (!row) return undefined;
    const workspace: Workspace = {
      id: row.workspace_id,
      name: row.ws_name,
      region: row.ws_region,
      isDefault: bool(row.ws_is_default),
      createdAt: row.ws_created_at,
      updatedAt: row.ws_updated_at,
    };
    return { key: toKey(row), workspace };
  }

  async list(query: PageRequest & { workspaceIds?: string[]; description?: string }) {
    if (query.workspaceIds && query.workspaceIds.length === 0) return page<ApiKey>([], 0, query);
    let q = this.db.selectFrom("api_keys");
    if (query.workspaceIds) q = q.where("workspace_id", "in", query.workspaceIds);
    if (query.description) q = q.where(sql<boolean>`lower(description) like ${likePattern(query.description)} escape '\\'`);
    const [rows, count] = await Promise.all([
      q.selectAll().orderBy("created_at", "desc").orderBy("id").limit(query.limit).offset(query.offset).execute(),
      q.select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow(),
    ]);
    return page(rows.map(toKey), count.n, query);
  }

  async countInWorkspace(workspaceId: string) {
    const row = await this.db
      .selectFrom("api_keys")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("workspace_id", "=", workspaceId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async update(id: string, patch: Partial<Pick<ApiKeyWithHash, "description" | "disabled" | "ipAllowlist" | "appAllowlist" | "secretHash" | "prefix">>) {
    await this.db
      .updateTable("api_keys")
      .set({
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.disabled !== undefined ? { disabled: int(patch.disabled) } : {}),
        ...(patch.ipAllowlist !== undefined ? { ip_allowlist: JSON.stringify(patch.ipAllowlist) } : {}),
        ...(patch.appAllowlist !== undefined ? { app_allowlist: JSON.stringify(patch.appAllowlist) } : {}),
        ...(patch.secretHash !== undefined ? { secret_hash: patch.secretHash } : {}),
        ...(patch.prefix !== undefined ? { prefix: patch.prefix } : {}),
      })
      .where("id", "=", id)
      .execute();
  }

  async touch(id: string, at: string) {
    await this.db.updateTable("api_keys").set({ last_used_at: at }).where("id", "=", id).execute();
  }

  async delete(id: string) {
    await this.db.deleteFrom("api_keys").where("id", "=", id).execute();
  }
}
