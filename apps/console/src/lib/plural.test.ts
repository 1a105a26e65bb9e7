import { describe, expect, it } from "vitest";
import { plural } from "./plural";

describe("plural", () => {
  it("uses the singular for one and the plural otherwise", () => {
    expect(plural(1, "workspace")).toBe("1 workspace");
    expect(plural(0, "workspace")).toBe("0 workspaces");
    expect(plural(3, "model provider")).toBe("3 model providers");
    expect(plural(2, "entry", "entries")).toBe("2 entries");
  });
});
