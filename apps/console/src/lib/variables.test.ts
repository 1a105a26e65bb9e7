import { describe, expect, it } from "vitest";
import { extractVariables, segmentVariables } from "./variables";

describe("instruction variables", () => {
  it("lists each ${name} once, in order", () => {
    expect(extractVariables("Hi ${user}, from ${company}. Bye ${user}. Not $plain or ${1x}.")).toEqual(["user", "company"]);
  });

  it("splits text into plain and variable runs", () => {
    expect(segmentVariables("a ${b} c")).toEqual([{ text: "a " }, { text: "${b}", variable: "b" }, { text: " c" }]);
  });
});
