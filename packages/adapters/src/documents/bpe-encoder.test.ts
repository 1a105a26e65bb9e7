import { Tiktoken } from "js-tiktoken/lite";
import cl100kBase from "js-tiktoken/ranks/cl100k_base";
import { describe, expect, it } from "vitest";
import { BpeEncoder } from "./bpe-encoder.js";

describe("BpeEncoder", () => {
  const encoder = new BpeEncoder(cl100kBase);
  const reference = new Tiktoken(cl100kBase);

  it.each([
    ["English", "The quick brown fox jumps over the lazy dog. It's 3.14159 o'clock!"],
    ["Chinese", "中文段落。第二句！知识库里的文档被切成块，检索时按相关度排序。"],
    ["Japanese and Korean", "日本語のテキスト、カタカナ。한국어 문장입니다."],
    ["Thai (no spaces)", "ภาษาไทยไม่มีช่องว่างระหว่างคำเลยแม้แต่น้อย"],
    ["emoji and accents", "😀🎉 naïve café — “quotes” ✓ Ελληνικά"],
    ["code and whitespace", "  \n\n\t function f(x) {\r\n    return x * 2; // done\n}\n\n\n   "],
    ["rare long words", "antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis"],
    ["URLs and numbers", "https://example.com/a/b?c=1&d=2#e 1234567890 0.5e-10"],
    ["a long run without spaces", "中国人民解放军".repeat(60)],
    ["special-token text", "before <|endoftext|> after <|fim_prefix|>"],
  ])("encodes %s exactly as js-tiktoken does", (_name, text) => {
    expect(encoder.encode(text)).toEqual(reference.encode(text, [], []));
  });

  it("encodes a 100,000-character run of one script in linear time", () => {
    // js-tiktoken needs hours for this (quadratic merging); the heap makes it a fraction of a second.
    const text = "中".repeat(100_000);
    expect(encoder.encode(text)).toHaveLength(100_000);
  });
});
