import type { McpServiceRecord } from "@appstudio/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MigratedRepositories, migratedRepositories } from "../testing/migrated-repositories.js";
import { testDialects } from "../testing/test-databases.js";
import { workspaceRow } from "./contract-fixtures.js";

const record = (workspaceId: string, over: Partial<McpServiceRecord> = {}): McpServiceRecord => ({
  id: "mcp-0000000000000001",
  workspaceId,
  name: "search",
  description: "",
  url: "https://mcp.example.com/mcp",
  transport: "streamable-http",
  headerNames: ["Authorization"],
  headersSealed: "v1:a:b:c",
  allowedTools: [],
  timeoutMs: 30_000,
  createdBy: "u-1",
  createdAt: "2026-03-01T10:00:00.000Z",
  updatedAt: "2026-03-01T10:00:00.000Z",
  ...over,
});

describe.each(testDialects())("MCP service repository (%s)", (dialect) => {
  let db: MigratedRepositories;
  let ws: string;
  let other: string;
  beforeAll(async () => {
    db = await migratedRepositories(dialect);
    const [a, b] = [workspaceRow(), workspaceRow()];
    await db.repos.workspaces.create(a);
    await db.repos.workspaces.create(b);
    [ws, other] = [a.id, b.id];
  });
  afterAll(() => db?.close());

  it("creates, finds within its workspace only, lists oldest first, updates and deletes", async () => {
    const repo = db.repos.mcpServices;
    const first = record(ws);
    const second = record(ws, {
      id: "mcp-0000000000000002",
      name: "files",
      transport: "sse",
      headerNames: [],
      headersSealed: null,
      createdAt: "2026-03-02T00:00:00.000Z",
    });
    await repo.create(second);
    await repo.create(first);
    expect(await repo.find(ws, first.id)).toEqual(first);
    expect(await repo.find(other, first.id)).toBeUndefined();
    expect(await repo.findByName(ws, "files")).toEqual(second);
    expect(await repo.findByName(other, "files")).toBeUndefined();
    expect(await repo.workspaceOf(second.id)).toBe(ws);
    expect(await repo.list({ workspaceId: ws, limit: 10, offset: 0 })).toEqual({ items: [first, second], total: 2, limit: 10, offset: 0 });
    expect((await repo.list({ workspaceId: ws, limit: 1, offset: 1 })).items).toEqual([second]);
    expect(await repo.list({ workspaceId: other, limit: 10, offset: 0 })).toMatchObject({ items: [], total: 0 });

    await repo.update(ws, first.id, { allowedTools: ["a", "b"], headerNames: [], headersSealed: null, timeoutMs: 5000, updatedAt: "2026-03-03T00:00:00.000Z" });
    expect(await repo.find(ws, first.id)).toEqual({
      ...first,
      allowedTools: ["a", "b"],
      headerNames: [],
      headersSealed: null,
      timeoutMs: 5000,
      updatedAt: "2026-03-03T00:00:00.000Z",
    });
    // Another workspace's ID changes nothing.
    await repo.update(other, first.id, { name: "hijacked", updatedAt: "2026-03-04T00:00:00.000Z" });
    expect((await repo.find(ws, first.id))?.name).toBe("search");

    expect(await repo.delete(other, first.id)).toBe(false);
    expect(await repo.delete(ws, first.id)).toBe(true);
    expect(await repo.find(ws, first.id)).toBeUndefined();
  });

  it("refuses a duplicate name in a workspace, allows it in another", async () => {
    const repo = db.repos.mcpServices;
    await repo.create(record(ws, { id: "mcp-00000000000000a1", name: "dup" }));
    await expect(repo.create(record(ws, { id: "mcp-00000000000000a2", name: "dup" }))).rejects.toMatchObject({ code: "Conflict" });
    await repo.create(record(other, { id: "mcp-00000000000000a3", name: "dup" }));
    await repo.create(record(ws, { id: "mcp-00000000000000a4", name: "dup2" }));
    await expect(repo.update(ws, "mcp-00000000000000a4", { name: "dup", updatedAt: "2026-03-05T00:00:00.000Z" })).rejects.toMatchObject({ code: "Conflict" });
  });
});
