import type { Memory, MemoryNode, MemoryRepository, PageRequest } from "@appstudio/core";
import type { Kysely, Selectable } from "kysely";
import { conflictOnDuplicate } from "../dialects/errors.js";
import type { Database, MemoriesTable, MemoryNodesTable } from "../schema.js";
import { page } from "./row-helpers.js";

const toMemory = (row: Selectable<MemoriesTable> & { node_count: number | string | bigint | null }): Memory => ({
  id: row.id,
  workspaceId: row.workspace_id,
  description: row.description,
  nodeCount: Number(row.node_count ?? 0),
  createdBy: row.created_by,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const toNode = (row: Selectable<MemoryNodesTable>): MemoryNode => ({
  id: row.id,
  memoryId: row.memory_id,
  workspaceId: row.workspace_id,
  content: row.content,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export class KyselyMemoryRepository implements MemoryRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Memories with their node count, one subquery per row (stores are few and small). */
  private memories() {
    return this.db
      .selectFrom("memories as m")
      .selectAll("m")
      .select((eb) => eb.selectFrom("memory_nodes as n").whereRef("n.memory_id", "=", "m.id").select(eb.fn.countAll().as("c")).as("node_count"));
  }

  async create(memory: Omit<Memory, "nodeCount">) {
    await conflictOnDuplicate(
      () =>
        this.db
          .insertInto("memories")
          .values({
            id: memory.id,
            workspace_id: memory.workspaceId,
            description: memory.description,
            created_by: memory.createdBy,
            created_at: memory.createdAt,
            updated_at: memory.updatedAt,
          })
          .execute(),
      "A memory with this id already exists.",
    );
  }

  async findById(id: string) {
    const row = await this.memories().where("m.id", "=", id).executeTakeFirst();
    return row && toMemory(row);
  }

  async find(workspaceId: string, id: string) {
    const row = await this.memories().where("m.id", "=", id).where("m.workspace_id", "=", workspaceId).executeTakeFirst();
    return row && toMemory(row);
  }

  async list(query: PageRequest & { workspaceIds?: string[] }) {
    if (query.workspaceIds && query.workspaceIds.length === 0) return page<Memory>([], 0, query);
    let rows = this.memories();
    let count = this.db.selectFrom("memories as m").select((eb) => eb.fn.countAll().as("c"));
    if (query.workspaceIds) {
      rows = rows.where("m.workspace_id", "in", query.workspaceIds);
      count = count.where("m.workspace_id", "in", query.workspaceIds);
    }
    const [items, total] = await Promise.all([
      rows.orderBy("m.created_at", "desc").orderBy("m.id").limit(query.limit).offset(query.offset).execute(),
      count.executeTakeFirstOrThrow(),
    ]);
    return page(items.map(toMemory), total.c, query);
  }

  async update(workspaceId: string, id: string, patch: { description: string; updatedAt: string }) {
    await this.db
      .updateTable("memories")
      .set({ description: patch.description, updated_at: patch.updatedAt })
      .where("id", "=", id)
      .where("workspace_id", "=", workspaceId)
      .execute();
  }

  async delete(workspaceId: string, id: string) {
    // Nodes go by the foreign key's cascade, in the same statement.
    await this.db.deleteFrom("memories").where("id", "=", id).where("workspace_id", "=", workspaceId).execute();
  }

  async touch(workspaceId: string, id: string, at: string) {
    await this.db.updateTable("memories").set({ updated_at: at }).where("id", "=", id).where("workspace_id", "=", workspaceId).execute();
  }

  async createNodes(nodes: MemoryNode[]) {
    if (nodes.length === 0) return;
    await this.db
      .insertInto("memory_nodes")
      .values(
        nodes.map((n) => ({
          id: n.id,
          memory_id: n.memoryId,
          workspace_id: n.workspaceId,
          content: n.content,
          created_at: n.createdAt,
          updated_at: n.updatedAt,
        })),
      )
      .execute();
  }

  async findNode(workspaceId: string, memoryId: string, nodeId: string) {
    const row = await this.db
      .selectFrom("memory_nodes")
      .selectAll()
      .where("id", "=", nodeId)
      .where("memory_id", "=", memoryId)
      .where("workspace_id", "=", workspaceId)
      .executeTakeFirst();
    return row && toNode(row);
  }

  async listNodes(query: PageRequest & { workspaceId: string; memoryId: string }) {
    const scope = this.db.selectFrom("memory_nodes").where("memory_id", "=", query.memoryId).where("workspace_id", "=", query.workspaceId);
    const [items, total] = await Promise.all([
      scope.selectAll().orderBy("created_at").orderBy("id").limit(query.limit).offset(query.offset).execute(),
      scope.select((eb) => eb.fn.countAll().as("c")).executeTakeFirstOrThrow(),
    ]);
    return page(items.map(toNode), total.c, query);
  }

  async updateNode(workspaceId: string, memoryId: string, nodeId: string, patch: { content: string; updatedAt: string }) {
    await this.db
      .updateTable("memory_nodes")
      .set({ content: patch.content, updated_at: patch.updatedAt })
      .where("id", "=", nodeId)
      .where("memory_id", "=", memoryId)
      .where("workspace_id", "=", workspaceId)
      .execute();
  }

  async deleteNode(workspaceId: string, memoryId: string, nodeId: string) {
    await this.db.deleteFrom("memory_nodes").where("id", "=", nodeId).where("memory_id", "=", memoryId).where("workspace_id", "=", workspaceId).execute();
  }
}
