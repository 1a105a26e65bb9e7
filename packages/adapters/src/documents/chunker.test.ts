import type { ChunkDraft, ChunkingSettings, ParsedBlock, ParsedDocument } from "@appstudio/core";
import { describe, expect, it } from "vitest";
import { createChunker } from "./chunker.js";
import { createDocumentParser } from "./document-parser.js";
import { parseCsv } from "./parse-csv.js";
import { parseMarkdown } from "./parse-markdown.js";
import { makePdf } from "./testing/sample-documents.js";

const chunker = createChunker();
const doc = (blocks: ParsedBlock[], pageCount: number | null = null): ParsedDocument => ({ blocks, pageCount });
const paragraph = (text: string, page?: number): ParsedBlock => ({ kind: "paragraph", text, ...(page ? { page } : {}) });
const squeeze = (text: string) => text.replace(/\s+/g, "");

/** Chunks the document and checks what must hold for every chunking. */
function chunkChecked(document: ParsedDocument, settings: ChunkingSettings): ChunkDraft[] {
  const chunks = chunker.chunk(document, settings);
  chunks.forEach((chunk, i) => {
    expect(chunk.seq).toBe(i);
    expect(chunk.text.trim()).not.toBe("");
    expect(chunk.text).toBe(chunk.text.trim());
    expect(chunk.tokenCount).toBe(chunker.countTokens(chunk.text));
    expect(chunk.tokenCount).toBeLessThanOrEqual(settings.chunkTokens);
  });
  expectAllTextInOrder(document, chunks);
  return chunks;
}

/**
 * Every character of the document (whitespace aside) is in the chunks, in order: each chunk,
 * past a repeated start (overlap, a table's header), continues exactly where the last left off.
 */
function expectAllTextInOrder(document: ParsedDocument, chunks: ChunkDraft[]): void {
  let rest = squeeze(document.blocks.map((block) => block.text).join(""));
  for (const chunk of chunks) {
    const text = squeeze(chunk.text);
    let skip = 0;
    while (skip < text.length && !rest.startsWith(text.slice(skip))) skip++;
    expect(skip, `chunk ${chunk.seq} does not continue the text`).toBeLessThan(text.length);
    rest = rest.slice(text.length - skip);
  }
  expect(rest).toBe("");
}

/** Sentences numbered so each is unique: "Sentence 1 is about topic 1." ... */
const sentences = (count: number, from = 1) =>
  Array.from({ length: count }, (_, i) => `Sentence ${from + i} says something about topic ${from + i}.`).join(" ");

describe("createChunker", () => {
  it("fills chunks up to the size, and starts each with the end of the previous one in whole sentences", () => {
    const chunks = chunkChecked(doc([paragraph(sentences(60))]), { chunkTokens: 80, overlapTokens: 20 });
    expect(chunks.length).toBeGreaterThan(3);
    chunks.slice(1).forEach((next, i) => {
      const previous = chunks[i] as ChunkDraft;
      expect(previous.tokenCount).toBeGreaterThan(80 - 15); // full, less than one sentence short
      // The overlap: the longest start of `next` that `previous` ends with, in whole sentences.
      const overlap = [...next.text.matchAll(/\.(?= |$)/g)]
        .map((end) => next.text.slice(0, (end.index ?? 0) + 1))
        .filter((start) => previous.text.endsWith(start) && /^Sentence \d+ /.test(start))
        .at(-1);
      expect(overlap, `chunk ${next.seq} has no overlap`).toBeDefined();
      expect(chunker.countTokens(overlap ?? "")).toBeLessThanOrEqual(20);
      expect(chunker.countTokens(overlap ?? "")).toBeGreaterThan(10); // as many sentences as fit
    });
  });

  it("repeats nothing when the overlap is 0", () => {
    const text = sentences(40);
    const chunks = chunkChecked(doc([paragraph(text)]), { chunkTokens: 60, overlapTokens: 0 });
    expect(squeeze(chunks.map((chunk) => chunk.text).join(""))).toBe(squeeze(text));
  });

  it("cuts a long paragraph when the overlap would not fit at the start of a sentence", () => {
    // One 30-token sentence per 45-token chunk: a 10-token overlap is the end of a sentence.
    const text = Array.from({ length: 8 }, (_, i) => `Item ${i} ${"word ".repeat(25)}end.`).join(" ");
    const chunks = chunkChecked(doc([paragraph(text)]), { chunkTokens: 45, overlapTokens: 10 });
    expect(chunks).toHaveLength(8);
    expect(chunks[1]?.text).toMatch(/^word( word)* end\. Item 1 word/);
  });

  it("cuts Chinese text at 。！？ and overlaps it the same way", () => {
    const text = Array.from({ length: 40 }, (_, i) => `第${i}段的中文内容很重要${i % 2 ? "。" : "！"}`).join("");
    const chunks = chunkChecked(doc([paragraph(text)]), { chunkTokens: 50, overlapTokens: 15 });
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) expect(chunk.text).toMatch(/^第\d+段.*[。！]$/u);
    expect(chunks[1]?.text.startsWith(/第\d+段的中文内容很重要[。！]$/u.exec(chunks[0]?.text ?? "")?.[0] ?? "(none)")).toBe(true);
  });

  it("cuts text with no sentence end by length, and keeps emoji whole", () => {
    const cjk = Array.from({ length: 300 }, (_, i) => `没有标点的长句子${i}`).join("");
    chunkChecked(doc([paragraph(cjk)]), { chunkTokens: 64, overlapTokens: 8 });
    const emoji = Array.from({ length: 500 }, (_, i) => String.fromCodePoint(0x1f600 + (i % 80))).join("");
    const chunks = chunkChecked(doc([paragraph(emoji)]), { chunkTokens: 64, overlapTokens: 8 });
    for (const chunk of chunks) expect(chunk.text).toMatch(/^\p{Extended_Pictographic}+$/u);
  });

  it("chunks a huge block with no break at all, cutting it before counting it", () => {
    const text = Array.from({ length: 60_000 }, (_, i) => `无标点${i % 10}`).join(""); // ~300,000 characters
    const chunks = chunker.chunk(doc([paragraph(text)]), { chunkTokens: 500, overlapTokens: 0 });
    expect(chunks.map((chunk) => chunk.text).join("")).toBe(text);
    for (const chunk of chunks) expect(chunk.tokenCount).toBeLessThanOrEqual(500);
    expect(chunks.length).toBeLessThan(1.5 * Math.ceil(chunker.countTokens(text) / 500));
  });

  it("keeps heading paths, never merges top-level sections, and merges small subsections", () => {
    const source = [
      "# Guide",
      "## Install",
      "Download the package.",
      "### Linux",
      "Use apt.",
      "### macOS",
      "Use brew.",
      "## Use",
      "Run it.",
      "# Appendix",
      "Extra notes.",
    ].join("\n\n");
    const chunks = chunkChecked(parseMarkdown(source), { chunkTokens: 200, overlapTokens: 20 });
    expect(chunks.map((chunk) => [chunk.text, chunk.headingPath])).toEqual([
      ["Guide\n\nInstall\n\nDownload the package.\n\nLinux\n\nUse apt.\n\nmacOS\n\nUse brew.", ["Guide", "Install"]],
      ["Use\n\nRun it.", ["Guide", "Use"]],
      ["Appendix\n\nExtra notes.", ["Appendix"]],
    ]);
  });

  it("moves a heading at the end of a full chunk to the chunk of its text", () => {
    const blocks: ParsedBlock[] = [
      { kind: "heading", level: 1, text: "Top" },
      paragraph(sentences(6)),
      { kind: "heading", level: 3, text: "Deep heading" },
      paragraph(sentences(6, 7)),
    ];
    const chunks = chunkChecked(doc(blocks), { chunkTokens: 70, overlapTokens: 10 });
    const headed = chunks.find((chunk) => chunk.text.includes("Deep heading"));
    expect(headed?.text.startsWith("Deep heading\n\nSentence 7")).toBe(true);
    expect(headed?.headingPath).toEqual(["Top", "Deep heading"]);
  });

  it("splits a large table into groups of whole rows, each under the header row", () => {
    const rows = Array.from({ length: 40 }, (_, i) => `| Product ${i} | ${i * 10} EUR | In stock |`);
    const table = ["| Name | Price | State |", "| --- | --- | --- |", ...rows].join("\n");
    const chunks = chunkChecked(doc([paragraph("Prices follow."), { kind: "table", text: table }]), { chunkTokens: 90, overlapTokens: 20 });
    const tableChunks = chunks.filter((chunk) => chunk.text.includes("| Product"));
    expect(tableChunks.length).toBeGreaterThan(2);
    for (const chunk of tableChunks) {
      const lines = chunk.text.split("\n").filter((line) => line.startsWith("|"));
      expect(lines.slice(0, 2)).toEqual(["| Name | Price | State |", "| --- | --- | --- |"]);
      for (const line of lines.slice(2)) expect(rows).toContain(line);
    }
  });

  it("keeps whole CSV rows in each chunk", () => {
    const csv = ["id,question,answer", ...Array.from({ length: 60 }, (_, i) => `${i},How do I do thing ${i}?,Open menu ${i} and press OK.`)].join("\n");
    const chunks = chunkChecked(parseCsv(csv), { chunkTokens: 100, overlapTokens: 0 });
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) {
      for (const row of chunk.text.split("\n\n")) expect(row).toMatch(/^id: \d+; question: How do I do thing \d+\?; answer: Open menu \d+ and press OK\.$/);
    }
  });

  it("starts a chunk at each page, and gives the page where the chunk's text starts", async () => {
    const pdf = await makePdf([["Page one talks about apples."], ["# Pears", "The pear fact lives on page two."], ["Page three is about plums."]]);
    const parsed = await createDocumentParser().parse(pdf, "pdf", {});
    const chunks = chunkChecked(parsed, { chunkTokens: 500, overlapTokens: 50 });
    expect(chunks.map((chunk) => [chunk.page, chunk.headingPath])).toEqual([
      [1, []],
      [2, ["Pears"]],
      [3, ["Pears"]],
    ]);
    expect(chunks[1]?.text).toBe("Pears\n\nThe pear fact lives on page two.");
    // The page break carries the text on, so page three's chunk opens with the end of page two.
    expect(chunks[2]?.text).toBe("The pear fact lives on page two.\n\nPage three is about plums.");
  });

  it("counts special-token text as plain text and returns nothing for an empty document", () => {
    expect(chunkChecked(doc([paragraph("Say <|endoftext|> now.")]), { chunkTokens: 50, overlapTokens: 5 })).toHaveLength(1);
    expect(chunker.chunk(doc([]), { chunkTokens: 50, overlapTokens: 5 })).toEqual([]);
  });

  it("keeps every chunk within the size for mixed documents and small sizes", () => {
    const source = [
      "# 产品手册",
      Array.from({ length: 20 }, (_, i) => `中文段落${i}。第二句${i}！第三句${i}？`).join(""),
      "- item one with words\n- item two 中文\n  - nested item",
      `\`\`\`\n${Array.from({ length: 30 }, (_, i) => `const value${i} = compute(${i});`).join("\n")}\n\`\`\``,
      `| 列 | Column |\n| --- | --- |\n${Array.from({ length: 30 }, (_, i) => `| 值${i} | value ${i} |`).join("\n")}`,
      sentences(30),
    ].join("\n\n");
    for (const chunkTokens of [16, 33, 100, 1000]) chunkChecked(parseMarkdown(source), { chunkTokens, overlapTokens: Math.floor(chunkTokens / 4) });
  });
});
