import type { App, AppConfig, AppQuery, AppRepository, AppType, AppVersion } from "@appstudio/core";
import { type Kysely, type Selectable, sql } from "kysely";
import type { DialectName } from "../dialects/create-database.js";
import { conflictOnDuplicate, isUniqueViolation } from "../dialects/errors.js";
import type { AppsTable, AppVersionsTable, Database } from "../schema.js";
import { bool, int, json, likePattern, page } from "./row-helpers.js";

const toApp = (row: Selectable<AppsTable>): App => ({
  id: row.id,
  workspaceId: row.workspace_id,
  type: row.type as AppType,
  name: row.name,
  description: row.description,
  draft: json<AppConfig>(row.draft),
  draftChanged: bool(row.draft_changed),
  publishedVersion: row.published_version === null ? null : Number(row.published_version),
  publishedAt: row.published_at,
  createdBy: row.created_by,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const toVersion = (row: Selectable<AppVersionsTable>): AppVersion => ({
  appId: row.app_id,
  version: Number(row.version),
  config: json<AppConfig>(row.config),
  note: row.note,
  publishedBy: row.published_by,
  publishedAt: row.published_at,
});

export class KyselyAppRepository implements AppRepository {
  private readonly versionCache = new Map<string, AppVersion>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName = "sqlite",
  ) {}

  async create(app: App) {
    await conflictOnDuplicate(
      () =>
        this.db
          .insertInto("apps")
          .values({
            id: app.id,
            workspace_id: app.workspaceId,
            type: app.type,
            name: app.name,
            description: app.description,
            draft: JSON.stringify(app.draft),
            draft_changed: int(app.draftChanged),
            published_version: app.publishedVersion,
            published_at: app.publishedAt,
            created_by: app.createdBy,
            created_at: app.createdAt,
            updated_at: app.updatedAt,
          })
          .execute(),
      `An app named '${app.name}' already exists in this workspace.`,
    );
  }

  async findById(id: string) {
    const row = await this.db.selectFrom("apps").selectAll().where("id", "=", id).executeTakeFirst();
    return row && toApp(row);
  }

  async findByName(workspaceId: string, name: string) {
    const row = await this.db.selectFrom("apps").selectAll().where("workspace_id", "=", workspaceId).where("name", "=", name).executeTakeFirst();
    return row && toApp(row);
  }

  async list(query: AppQuery) {
    if ((query.workspaceIds && query.workspaceIds.length === 0) || (query.ids && query.ids.length === 0)) return page<App>([], 0, query);
    let q = this.db.selectFrom("apps");
    if (query.workspaceIds) q = q.where("workspace_id", "in", query.workspaceIds);
    if (query.ids) q = q.where("id", "in", query.ids);
    if (query.type) q = q.where("type", "=", query.type);
    if (query.name) q = q.where(sql<boolean>`lower(name) like ${likePattern(query.name)} escape '\\'`);
    if (query.publishedOnly) q = q.where("published_version", "is not", null);
    const [rows, count] = await Promise.all([
      q.selectAll().orderBy("updated_at", "desc").orderBy("id").limit(query.limit).offset(query.offset).execute(),
      q.select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow(),
    ]);
    return page(rows.map(toApp), count.n, query);
  }

  async countInWorkspace(workspaceId: string) {
    const row = await this.db
      .selectFrom("apps")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("workspace_id", "=", workspaceId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async update(id: string, patch: Partial<Pick<App, "name" | "description" | "draft" | "draftChanged" | "publishedVersion" | "publishedAt" | "updatedAt">>) {
    await conflictOnDuplicate(
      () =>
        this.db
          .updateTable("apps")
          .set({
            ...(patch.name !== undefined ? { name: patch.name } : {}),
            ...(patch.description !== undefined ? { description: patch.description } : {}),
            ...(patch.draft !== undefined ? { draft: JSON.stringify(patch.draft) } : {}),
            ...(patch.draftChanged !== undefined ? { draft_changed: int(patch.draftChanged) } : {}),
            ...(patch.publishedVersion !== undefined ? { published_version: patch.publishedVersion } : {}),
            ...(patch.publishedAt !== undefined ? { published_at: patch.publishedAt } : {}),
            ...(patch.updatedAt !== undefined ? { updated_at: patch.updatedAt } : {}),
          })
          .where("id", "=", id)
          .execute(),
      `An app named '${patch.name ?? ""}' already exists in this workspace.`,
    );
  }

  async delete(id: string) {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom("app_versions").where("app_id", "=", id).execute();
      await tx.deleteFrom("apps").where("id", "=", id).execute();
    });
  }

  async publish(appId: string, config: AppConfig, meta: { note: string; publishedBy: string; at: string }) {
    // PostgreSQL: lock the app row so publishes of one app take turns (SQLite already runs one write
    // transaction at a time). Should two still pick the same number, the primary key refuses the loser, which retries.
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.transaction().execute(async (tx) => {
          if (this.dialect === "postgres") await tx.selectFrom("apps").select("id").where("id", "=", appId).forUpdate().execute();
          const last = await tx
            .selectFrom("app_versions")
            .select((eb) => eb.fn.max("version").as("v"))
            .where("app_id", "=", appId)
            .executeTakeFirst();
          const version = Number(last?.v ?? 0) + 1;
          await tx
            .insertInto("app_versions")
            .values({ app_id: appId, version, config: JSON.stringify(config), note: meta.note, published_by: meta.publishedBy, published_at: meta.at })
            .execute();
          await tx
            .updateTable("apps")
            .set({ published_version: version, published_at: meta.at, draft_changed: 0, updated_at: meta.at })
            .where("id", "=", appId)
            .execute();
          return version;
        });
      } catch (e) {
        if (!isUniqueViolation(e) || attempt >= 4) throw e;
      }
    }
  }

  async listVersions(appId: string) {
    const rows = await this.db.selectFrom("app_versions").selectAll().where("app_id", "=", appId).orderBy("version", "desc").execute();
    return rows.map(toVersion);
  }

  async findVersion(appId: string, version: number) {
    // Published versions never change, so every call of an app can share one parsed copy.
    const key = `${appId}@${version}`;
    const cached = this.versionCache.get(key);
    if (cached) return cached;
    const found = await this.loadVersion(appId, version);
    if (found) {
      if (this.versionCache.size >= 1000) this.versionCache.delete(this.versionCache.keys().next().value as string);
      this.versionCache.set(key, found);
    }
    return found;
  }

  private async loadVersion(appId: string, version: number) {
    const row = await this.db.selectFrom("app_versions").selectAll().where("app_id", "=", appId).where("version", "=", version).executeTakeFirst();
    return row && toVersion(row);
  }
}
