import { describe, expect, it } from "vitest";
import { toolNamesFor } from "./tool-names.js";

const id = (c: string) => c.repeat(32);

describe("toolNamesFor", () => {
  it("folds an app name into a valid MCP tool name", () => {
    const names = toolNamesFor([
      { id: id("a"), name: "Weather helper" },
      { id: id("b"), name: "  Café crème: FAQ!! " },
      { id: id("c"), name: "report-writer_v2" },
    ]);
    expect([...names.values()]).toEqual(["Weather_helper", "Cafe_creme_FAQ", "report-writer_v2"]);
    for (const name of names.values()) expect(name).toMatch(/^[A-Za-z0-9_.-]{1,128}$/);
  });

  it("gives names with no ASCII left the App ID's start", () => {
    expect(toolNamesFor([{ id: id("d"), name: "天气助手" }]).get(id("d"))).toBe(`app_${"d".repeat(8)}`);
  });

  it("keeps names unique: every app of a clash gets its App ID's start, whatever the order", () => {
    const apps = [
      { id: id("1"), name: "Support bot" },
      { id: id("2"), name: "support bot" },
      { id: id("3"), name: "Support  bot" },
    ];
    const names = toolNamesFor(apps);
    expect(names.get(id("1"))).toBe("Support_bot_11111111");
    expect(names.get(id("3"))).toBe("Support_bot_33333333");
    expect(names.get(id("2"))).toBe("support_bot");
    expect(toolNamesFor([...apps].reverse())).toEqual(names);
  });

  it("falls back to the whole App ID when the short form still clashes", () => {
    const a = `${"e".repeat(8)}${"0".repeat(24)}`;
    const b = `${"e".repeat(8)}${"1".repeat(24)}`;
    const names = toolNamesFor([
      { id: a, name: "Same" },
      { id: b, name: "Same" },
    ]);
    expect(names.get(a)).toBe(`Same_${a}`);
    expect(names.get(b)).toBe(`Same_${b}`);
  });

  it("cuts long names to 64 characters", () => {
    const name = toolNamesFor([{ id: id("f"), name: "x".repeat(300) }]).get(id("f"));
    expect(name).toBe("x".repeat(64));
  });
});
