import { describe, expect, it } from "vitest";
import { splitCitations } from "./citations";

describe("splitCitations", () => {
  it("cuts an answer at its <ref> markers", () => {
    expect(splitCitations("It opens at 42 kPa<ref>[1]</ref>, and closes at 30<ref>[1][2]</ref>.")).toEqual([
      { text: "It opens at 42 kPa" },
      { citation: "[1]" },
      { text: ", and closes at 30" },
      { citation: "[1][2]" },
      { text: "." },
    ]);
  });

  it("leaves text without markers, unclosed tags and the empty answer alone", () => {
    expect(splitCitations("plain")).toEqual([{ text: "plain" }]);
    expect(splitCitations("a <ref>[1] b")).toEqual([{ text: "a <ref>[1] b" }]);
    expect(splitCitations("")).toEqual([]);
  });
});
