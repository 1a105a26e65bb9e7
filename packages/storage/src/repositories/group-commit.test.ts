import { describe, expect, it } from "vitest";
import { groupCommit } from "./group-commit.js";

describe("groupCommit", () => {
  it("writes what is asked for in one turn as one batch, and answers each caller its own result", async () => {
    const batches: number[][] = [];
    const write = groupCommit(async (batch: number[]) => {
      batches.push(batch);
      return batch.map((n) => n * 10);
    });
    expect(await Promise.all([1, 2, 3].map(write))).toEqual([10, 20, 30]);
    expect(await write(4)).toBe(40);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it("splits batches at maxBatch", async () => {
    const batches: number[][] = [];
    const write = groupCommit(async (batch: number[]) => (batches.push(batch), batch), 2);
    expect(await Promise.all([1, 2, 3, 4, 5].map(write))).toEqual([1, 2, 3, 4, 5]);
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it("when a batch fails, writes each item alone so only the bad one fails", async () => {
    const write = groupCommit(async (batch: number[]) => {
      if (batch.includes(2)) throw new Error("bad row 2");
      return batch;
    });
    const results = await Promise.allSettled([1, 2, 3].map(write));
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message))).toEqual([1, "bad row 2", 3]);
  });
});
