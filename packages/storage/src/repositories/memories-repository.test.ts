import { randomBytes } from "node:crypto";
import type { MemoryNode, Repositories } from "@appstudio/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MigratedRepositories, migratedRepositories } from "../testing/migrated-repositories.js";
import { testDialects } from "../testing/test-databases.js";
import { conflictOf, workspaceRow } from "./contract-fixtures.js";

const hex = () => randomBytes(16).toString("hex");
const at = (minute: number) => `2026-03-01T10:${String(minute).padStart(2, "0")}:00.000Z`;

async function seedMemory(repos: Repositories, workspaceId: string, description = "user 42", minute = 0) {
  const memory = { id: hex(), workspaceId, description, createdBy: "u-x", createdAt: at(minute), updatedAt: at(minute) };
  await repos.memories.create(memory);
  return memory;
}

const node = (memory: { id: string; workspaceId: string }, content: string, minute: number): MemoryNode => ({
  id: hex(),
  memoryId: memory.id,
  workspaceId: memory.workspaceId,
  content,
  createdAt: at(minute),
  updatedAt: at(minute),
});

describe.each(testDialects())("memories repository (%s)", (dialect) => {
  let db: MigratedRepositories;
  let wsA: string;
  let wsB: string;
  beforeAll(async () => {
    db = await migratedRepositories(dialect);
    wsA = workspaceRow().id;
    wsB = workspaceRow().id;
    await db.repos.workspaces.create(workspaceRow({ id: wsA }));
    await db.repos.workspaces.create(workspaceRow({ id: wsB }));
  });
  afterAll(() => db?.close());

  it("creates, finds, lists newest first with node counts, and refuses a duplicate ID", async () => {
    const older = await seedMemory(db.repos, wsA, "older", 1);
    const newer = await seedMemory(db.repos, wsA, "newer", 2);
    await db.repos.memories.createNodes([node(newer, "likes tea", 3), node(newer, "lives in Hangzhou", 4)]);
    expect(await db.repos.memories.find(wsA, newer.id)).toMatchObject({ description: "newer", nodeCount: 2, createdBy: "u-x" });
    const page = await db.repos.memories.list({ workspaceIds: [wsA], limit: 10, offset: 0 });
    expect(page.items.map((m) => m.id).slice(0, 2)).toEqual([newer.id, older.id]);
    expect(page.items[1]?.nodeCount).toBe(0);
    expect(await conflictOf(db.repos.memories.create({ ...older, description: "again" }))).toBe("Conflict");
  });

  it("keeps workspaces apart: another workspace's memory and nodes read as missing and cannot be changed", async () => {
    const memory = await seedMemory(db.repos, wsA);
    const fact = node(memory, "allergic to peanuts", 5);
    await db.repos.memories.createNodes([fact]);
    expect(await db.repos.memories.find(wsB, memory.id)).toBeUndefined();
    expect(await db.repos.memories.findNode(wsB, memory.id, fact.id)).toBeUndefined();
    expect((await db.repos.memories.listNodes({ workspaceId: wsB, memoryId: memory.id, limit: 10, offset: 0 })).total).toBe(0);
    expect((await db.repos.memories.list({ workspaceIds: [wsB], limit: 10, offset: 0 })).items.map((m) => m.id)).not.toContain(memory.id);
    await db.repos.memories.updateNode(wsB, memory.id, fact.id, { content: "hijacked", updatedAt: at(6) });
    await db.repos.memories.deleteNode(wsB, memory.id, fact.id);
    await db.repos.memories.update(wsB, memory.id, { description: "hijacked", updatedAt: at(6) });
    await db.repos.memories.delete(wsB, memory.id);
    expect(await db.repos.memories.findNode(wsA, memory.id, fact.id)).toMatchObject({ content: "allergic to peanuts" });
    expect(await db.repos.memories.find(wsA, memory.id)).toMatchObject({ description: "user 42" });
  });

  it("lists nodes oldest first, updates and deletes them, and deletes them with their memory", async () => {
    const memory = await seedMemory(db.repos, wsA);
    const first = node(memory, "first", 7);
    const second = node(memory, "second", 8);
    await db.repos.memories.createNodes([second, first]);
    const listed = await db.repos.memories.listNodes({ workspaceId: wsA, memoryId: memory.id, limit: 10, offset: 0 });
    expect(listed.items.map((n) => n.content)).toEqual(["first", "second"]);
    await db.repos.memories.updateNode(wsA, memory.id, first.id, { content: "first, edited", updatedAt: at(9) });
    expect(await db.repos.memories.findNode(wsA, memory.id, first.id)).toMatchObject({ content: "first, edited", updatedAt: at(9) });
    await db.repos.memories.deleteNode(wsA, memory.id, second.id);
    expect((await db.repos.memories.find(wsA, memory.id))?.nodeCount).toBe(1);
    await db.repos.memories.touch(wsA, memory.id, at(10));
    expect((await db.repos.memories.findById(memory.id))?.updatedAt).toBe(at(10));
    await db.repos.memories.delete(wsA, memory.id);
    expect(await db.repos.memories.findById(memory.id)).toBeUndefined();
    expect(await db.repos.memories.findNode(wsA, memory.id, first.id)).toBeUndefined();
  });

  it("goes with its workspace", async () => {
    const ws = workspaceRow();
    await db.repos.workspaces.create(ws);
    const memory = await seedMemory(db.repos, ws.id);
    await db.repos.memories.createNodes([node(memory, "fact", 11)]);
    await db.repos.workspaces.delete(ws.id);
    expect(await db.repos.memories.findById(memory.id)).toBeUndefined();
  });
});
