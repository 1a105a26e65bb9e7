import { describe, expect, it } from "vitest";
import { newTimeOrderedId } from "./ids.js";

describe("newTimeOrderedId", () => {
  it("is a UUID version 7 whose first 48 bits are the time, so later IDs sort after earlier ones", () => {
    const id = newTimeOrderedId(Date.UTC(2026, 0, 1));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.replace("-", "").slice(0, 12), 16)).toBe(Date.UTC(2026, 0, 1));
    const ids = [1_000, 2_000, 3_000].map((ms) => newTimeOrderedId(ms));
    expect([...ids].sort()).toEqual(ids);
  });

  it("differs from call to call in the same millisecond (more than one pool of random bytes)", () => {
    const ids = new Set(Array.from({ length: 1_000 }, () => newTimeOrderedId(0)));
    expect(ids.size).toBe(1_000);
  });
});
