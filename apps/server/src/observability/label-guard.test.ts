import { describe, expect, it } from "vitest";
import { LabelGuard, OVERFLOW_LABEL } from "./label-guard.js";

describe("LabelGuard", () => {
  it("keeps the first values up to its cap, then counts new ones as 'other'", () => {
    const guard = new LabelGuard(2);
    expect(guard.value("a")).toBe("a");
    expect(guard.value("b")).toBe("b");
    expect(guard.value("c")).toBe(OVERFLOW_LABEL);
    expect(guard.value("a")).toBe("a");
  });
});
