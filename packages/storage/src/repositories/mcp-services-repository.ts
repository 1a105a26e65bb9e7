import type { McpServicePatch, McpServiceRecord, McpServiceRepository, McpTransport, PageRequest } from "@appstudio/core";
import type { Kysely, Selectable } from "kysely";
import { conflictOnDuplicate } from "../dialects/errors.js";
import type { Database, McpServicesTable } from "../schema.js";
import { json, page } from "./row-helpers.js";

const toRecord = (row: Selectable<McpServicesTable>): McpServiceRecord => ({
  id: row.id,
  workspaceId: row.workspace_id,
  name: row.name,
  description: row.description,
  url: row.url,
  transport: row.transport as McpTransport,
  headerNames: json<string[]>(row.header_names),
  headersSealed: row.headers_sealed,
  allowedTools: json<string[]>(row.allowed_tools),
  timeoutMs: Number(row.timeout_ms),
  createdBy: row.created_by,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const duplicateName = (name: string | undefined) => `An MCP service named '${name ?? ""}' already exists in this workspace.`;

export class KyselyMcpServiceRepository implements McpServiceRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(r: McpServiceRecord) {
    await conflictOnDuplicate(
      () =>
        this.db
          .insertInto("mcp_services")
          .values({
            id: r.id,
            workspace_id: r.workspaceId,
            name: r.name,
            description: r.description,
            url: r.url,
            transport: r.transport,
            header_names: JSON.stringify(r.headerNames),
            headers_sealed: r.headersSealed,
            allowed_tools: JSON.stringify(r.allowedTools),
            timeout_ms: r.timeoutMs,
            created_by: r.createdBy,
            created_at: r.createdAt,
            updated_at: r.updatedAt,
          })
          .execute(),
      duplicateName(r.name),
    );
  }

  async find(workspaceId: string, id: string) {
    const row = await this.db.selectFrom("mcp_services").selectAll().where("workspace_id", "=", workspaceId).where("id", "=", id).executeTakeFirst();
    return row && toRecord(row);
  }

  async findByName(workspaceId: string, name: string) {
    const row = await this.db.selectFrom("mcp_services").selectAll().where("workspace_id", "=", workspaceId).where("name", "=", name).executeTakeFirst();
    return row && toRecord(row);
  }

  async workspaceOf(id: string) {
    const row = await this.db.selectFrom("mcp_services").select("workspace_id").where("id", "=", id).executeTakeFirst();
    return row?.workspace_id;
  }

  async list(query: PageRequest & { workspaceId: string }) {
    const rows = await this.db
      .selectFrom("mcp_services")
      .selectAll()
      .where("workspace_id", "=", query.workspaceId)
      .orderBy("created_at")
      .orderBy("id")
      .limit(query.limit)
      .offset(query.offset)
      .execute();
    const count = await this.db
      .selectFrom("mcp_services")
      .where("workspace_id", "=", query.workspaceId)
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    return page(rows.map(toRecord), count.n as number | string | bigint, query);
  }

  async update(workspaceId: string, id: string, patch: McpServicePatch) {
    await conflictOnDuplicate(
      () =>
        this.db
          .updateTable("mcp_services")
          .set({
            ...(patch.name !== undefined ? { name: patch.name } : {}),
            ...(patch.description !== undefined ? { description: patch.description } : {}),
            ...(patch.url !== undefined ? { url: patch.url } : {}),
            ...(patch.transport !== undefined ? { transport: patch.transport } : {}),
            ...(patch.headerNames !== undefined ? { header_names: JSON.stringify(patch.headerNames) } : {}),
            ...(patch.headersSealed !== undefined ? { headers_sealed: patch.headersSealed } : {}),
            ...(patch.allowedTools !== undefined ? { allowed_tools: JSON.stringify(patch.allowedTools) } : {}),
            ...(patch.timeoutMs !== undefined ? { timeout_ms: patch.timeoutMs } : {}),
            updated_at: patch.updatedAt,
          })
          .where("workspace_id", "=", workspaceId)
          .where("id", "=", id)
          .execute(),
      duplicateName(patch.name),
    );
  }

  async delete(workspaceId: string, id: string) {
    const result = await this.db.deleteFrom("mcp_services").where("workspace_id", "=", workspaceId).where("id", "=", id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
