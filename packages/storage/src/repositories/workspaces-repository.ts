import type { PageRequest, Workspace, WorkspaceRepository } from "@appstudio/core";
import { type Kysely, type Selectable, sql } from "kysely";
import { conflictOnDuplicate } from "../dialects/errors.js";
import type { Database, WorkspacesTable } from "../schema.js";
import { bool, int, likePattern, page } from "./row-helpers.js";

const toWorkspace = (row: Selectable<WorkspacesTable>): Workspace => ({
  id: row.id,
  name: row.name,
  region: row.region,
  isDefault: bool(row.is_default),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export class KyselyWorkspaceRepository implements WorkspaceRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(w: Workspace) {
    await conflictOnDuplicate(
      () =>
        this.db
          .insertInto("workspaces")
          .values({ id: w.id, name: w.name, region: w.region, is_default: int(w.isDefault), created_at: w.createdAt, updated_at: w.updatedAt })
          .execute(),
      w.isDefault ? `Region '${w.region}' already has a default workspace.` : `A workspace named '${w.name}' already exists in region '${w.region}'.`,
    );
  }

  async findById(id: string) {
    const row = await this.db.selectFrom("workspaces").selectAll().where("id", "=", id).executeTakeFirst();
    return row && toWorkspace(row);
  }

  async findDefault(region: string) {
    const row = await this.db.selectFrom("workspaces").selectAll().where("region", "=", region).where("is_default", "=", 1).executeTakeFirst();
    return row && toWorkspace(row);
  }

  async list(query: PageRequest & { ids?: string[]; region?: string; name?: string }) {
    if (query.ids && query.ids.length === 0) return page<Workspace>([], 0, query);
    let q = this.db.selectFrom("workspaces");
    if (query.ids) q = q.where("id", "in", query.ids);
    if (query.region) q = q.where("region", "=", query.region);
    if (query.name) q = q.where(sql<boolean>`lower(name) like ${likePattern(query.name)} escape '\\'`);
    const [rows, count] = await Promise.all([
      // Default workspaces first, as the console lists them.
      q.selectAll().orderBy("region").orderBy("is_default", "desc").orderBy("created_at").orderBy("id").limit(query.limit).offset(query.offset).execute(),
      q.select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow(),
    ]);
    return page(rows.map(toWorkspace), count.n, query);
  }

  async countInRegion(region: string) {
    const row = await this.db
      .selectFrom("workspaces")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("region", "=", region)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async rename(id: string, name: string, at: string) {
    const current = await this.findById(id);
    await conflictOnDuplicate(
      () => this.db.updateTable("workspaces").set({ name, updated_at: at }).where("id", "=", id).execute(),
      `A workspace named '${name}' already exists in region '${current?.region ?? "?"}'.`,
    );
  }

  async delete(id: string) {
    await this.db.deleteFrom("workspaces").where("id", "=", id).execute();
  }
}
