import { describe, expect, it } from "vitest";
import { overlapTail } from "./overlap-tail.js";
import { sharedTokenizer } from "./tokenizer.js";

const count = (text: string) => sharedTokenizer().count(text);

describe("overlapTail", () => {
  const text = "The first sentence is here. The second one follows it. The third ends the text.";

  it("takes as many whole sentences from the end as fit", () => {
    expect(overlapTail(text, count("The third ends the text."), count)).toBe("The third ends the text.");
    expect(overlapTail(text, count("The second one follows it. The third ends the text."), count)).toBe("The second one follows it. The third ends the text.");
    expect(overlapTail(text, 1000, count)).toBe(text);
  });

  it("takes the end of the last sentence, from a word start, when no sentence fits", () => {
    const tail = overlapTail(text, 3, count);
    expect(count(tail)).toBeLessThanOrEqual(3);
    expect(tail.length).toBeGreaterThan(0);
    expect("The third ends the text.".endsWith(tail)).toBe(true);
    expect(" The third ends the text.".at(-tail.length - 1)).toBe(" ");
  });

  it("cuts CJK text between characters", () => {
    const tail = overlapTail("第一句话。第二句话比较长一些没有停顿", 4, count);
    expect(count(tail)).toBeLessThanOrEqual(4);
    expect("第二句话比较长一些没有停顿".endsWith(tail)).toBe(true);
  });

  it("is empty when no overlap is wanted", () => {
    expect(overlapTail(text, 0, count)).toBe("");
  });
});
