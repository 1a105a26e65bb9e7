import { describe, expect, it } from "vitest";
import { type PassThroughEnd, passThrough, SKIP } from "./pass-through.js";

/** A source that records whether it was closed (its `finally` ran). */
function source(values: number[], failAt?: number) {
  const state = { closed: false };
  async function* gen() {
    try {
      for (const [i, v] of values.entries()) {
        if (i === failAt) throw new Error("source broke");
        yield v;
      }
    } finally {
      state.closed = true;
    }
  }
  return { iterator: gen(), state };
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const v of it) out.push(v);
  return out;
}

describe("passThrough", () => {
  it("maps every value, leaves SKIPped ones out, awaits async work, and reports the end once", async () => {
    const ends: PassThroughEnd[] = [];
    const { iterator } = source([1, 2, 3, 4]);
    const out = passThrough(iterator, {
      each: async (v) => (v % 2 === 0 ? SKIP : v * 10),
      end: (how) => ends.push(how),
    });
    expect(await collect(out)).toEqual([10, 30]);
    expect(await out.next()).toEqual({ done: true, value: undefined });
    expect(ends).toEqual([{ kind: "done" }]);
  });

  it("closes the source when the consumer stops early", async () => {
    const ends: PassThroughEnd[] = [];
    const { iterator, state } = source([1, 2, 3]);
    for await (const v of passThrough(iterator, { each: (v) => v, end: (how) => ends.push(how) })) {
      if (v === 1) break;
    }
    expect(state.closed).toBe(true);
    expect(ends).toEqual([{ kind: "stopped" }]);
  });

  it("passes the source's error on, and closes the source when `each` throws", async () => {
    const ends: PassThroughEnd[] = [];
    const broken = source([1, 2], 1);
    await expect(collect(passThrough(broken.iterator, { each: (v) => v, end: (how) => ends.push(how) }))).rejects.toThrow("source broke");
    expect(ends).toMatchObject([{ kind: "failed", error: { message: "source broke" } }]);

    const fine = source([1, 2, 3]);
    const out = passThrough(fine.iterator, {
      each: (v) => {
        if (v === 2) throw new Error("could not save");
        return v;
      },
    });
    await expect(collect(out)).rejects.toThrow("could not save");
    expect(fine.state.closed).toBe(true);
  });
});
