import type { ModelProviderRecord } from "@appstudio/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MigratedRepositories, migratedRepositories } from "../testing/migrated-repositories.js";
import { testDialects } from "../testing/test-databases.js";

const record = (over: Partial<ModelProviderRecord> = {}): ModelProviderRecord => ({
  id: "mp-1",
  name: "local",
  baseUrl: "http://127.0.0.1:11434/v1",
  apiKeySealed: null,
  models: ["llama3.2", "qwen*"],
  createdAt: "2026-03-01T10:00:00.000Z",
  updatedAt: "2026-03-01T10:00:00.000Z",
  createdBy: null,
  ...over,
});

describe.each(testDialects())("model provider repository (%s)", (dialect) => {
  let db: MigratedRepositories;
  beforeAll(async () => {
    db = await migratedRepositories(dialect);
  });
  afterAll(() => db?.close());

  it("creates, lists oldest first, refuses a duplicate name, deletes", async () => {
    const repo = db.repos.modelProviders;
    const second = record({ id: "mp-2", name: "cloud", apiKeySealed: "v1:a:b:c", createdAt: "2026-03-02T00:00:00.000Z", createdBy: "u-1" });
    await repo.create(second);
    await repo.create(record());
    expect(await repo.list()).toEqual([record(), second]);
    expect(await repo.findById("mp-2")).toEqual(second);
    expect(await repo.count()).toBe(2);
    await expect(repo.create(record({ id: "mp-3" }))).rejects.toMatchObject({ code: "Conflict" });
    expect(await repo.delete("mp-1")).toBe(true);
    expect(await repo.delete("mp-1")).toBe(false);
    expect(await repo.count()).toBe(1);
  });
});
