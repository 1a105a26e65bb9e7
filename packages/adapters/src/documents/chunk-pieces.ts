import type { ParsedBlock } from "@appstudio/core";
import { splitByLength, splitSentences } from "./split-sentences.js";

/** A unit the packer never cuts: a whole block, or a part of a block too large for one chunk. */
export interface Piece {
  text: string;
  tokens: number;
  kind: ParsedBlock["kind"];
  page: number | null;
  /** Headings in effect, outermost first (for a heading: up to and including itself). */
  headingPath: string[];
  /** Put before this piece when it shares a chunk with the previous one. */
  joiner: string;
  /** "section": a top-level heading starts here; "page": a new PDF page does. */
  breakBefore: "section" | "page" | "none";
}

type Count = (text: string) => number;

/**
 * Cuts blocks into pieces of at most `limit` tokens, each knowing its heading path and page.
 * A block that fits stays whole. A larger one is cut at line breaks (lists, code), then at
 * sentence ends, then by length; a large table is cut into groups of whole rows, each group
 * starting with the table's header row. Headings of the top two levels used in the document
 * start a new section, which the packer never merges across.
 */
export function blocksToPieces(blocks: ParsedBlock[], limit: number, count: Count): Piece[] {
  const levels = [...new Set(blocks.filter((block) => block.kind === "heading").map((block) => block.level ?? 1))].sort((a, b) => a - b);
  const sectionLevels = new Set(levels.slice(0, 2));
  const path: { level: number; text: string }[] = [];
  const pieces: Piece[] = [];
  let previousPage: number | null = null;
  for (const block of blocks) {
    const page = block.page ?? null;
    let breakBefore: Piece["breakBefore"] = page !== null && previousPage !== null && page !== previousPage ? "page" : "none";
    previousPage = page;
    if (block.kind === "heading") {
      const level = block.level ?? 1;
      while ((path.at(-1)?.level ?? 0) >= level) path.pop();
      path.push({ level, text: block.text.replace(/\s+/g, " ").trim() });
      if (sectionLevels.has(level)) breakBefore = "section";
    }
    const headingPath = path.map((heading) => heading.text);
    const units = block.kind === "table" ? tableUnits(block.text, limit, count) : fitUnits(block.text, limit, count, startLevel(block.kind));
    units.forEach((unit, i) => {
      pieces.push({
        text: unit.text,
        tokens: unit.tokens,
        kind: block.kind,
        page,
        headingPath,
        joiner: i === 0 ? "\n\n" : unit.joiner,
        breakBefore: i === 0 ? breakBefore : "none",
      });
    });
  }
  return pieces;
}

interface Unit {
  text: string;
  tokens: number;
  /** What separated it from the previous unit of the same block. */
  joiner: string;
}

/** Where text is cut, coarsest first; `finer` is where to go when a cut leaves a part too large. */
type Cut = "lines" | "sentences" | "length";
const finer: Record<Cut, Cut> = { lines: "sentences", sentences: "length", length: "length" };

function startLevel(kind: ParsedBlock["kind"]): Cut {
  return kind === "list" || kind === "code" ? "lines" : "sentences";
}

/**
 * The token count, or infinity for text so much longer than a chunk that it will be cut anyway:
 * it is cut before it is counted, so no single count has to take in a whole book.
 */
function measure(text: string, limit: number, count: Count): number {
  return text.length > limit * 32 ? Number.POSITIVE_INFINITY : count(text);
}

/** Cuts text, finer and finer, until every part has at most `limit` tokens. */
function fitUnits(text: string, limit: number, count: Count, cut: Cut, joiner = ""): Unit[] {
  const tokens = measure(text, limit, count);
  if (tokens <= limit) return [{ text, tokens, joiner }];
  let parts: string[];
  let partJoiner = "";
  if (cut === "lines") {
    parts = text.split("\n").filter((line) => line.trim() !== "");
    partJoiner = "\n";
  } else if (cut === "sentences") parts = splitSentences(text);
  else parts = splitByLength(text, Number.isFinite(tokens) ? (text.length * limit) / tokens / 1.25 : limit * 4);
  if (parts.length <= 1) {
    // Nothing to cut at this level; a single character over the limit cannot be cut at all.
    if (cut === "length") return [{ text, tokens: count(text), joiner }];
    return fitUnits(text, limit, count, finer[cut], joiner);
  }
  return parts.flatMap((part, i) => fitUnits(part, limit, count, finer[cut], i === 0 ? joiner : partJoiner));
}

/** Groups of whole rows, each under the header row (the first two lines: names and `---`). */
function tableUnits(text: string, limit: number, count: Count): Unit[] {
  const tokens = measure(text, limit, count);
  if (tokens <= limit) return [{ text, tokens, joiner: "" }];
  const lines = text.split("\n");
  const header = lines.slice(0, 2).join("\n");
  const headerTokens = measure(header, limit, count) + 1;
  // A header taking half the room would leave groups of a row or two: cut as plain lines instead.
  if (lines.length < 3 || headerTokens > limit / 2) return fitUnits(text, limit, count, "lines");
  const units: Unit[] = [];
  let rows: string[] = [];
  let rowTokens = 0;
  // Row counts add up to an estimate; the group is counted whole and halved in the rare case
  // that tokens merging across lines made it larger.
  const pushGroup = (group: string[]): void => {
    const groupText = `${header}\n${group.join("\n")}`;
    const groupTokens = count(groupText);
    if (groupTokens <= limit || group.length === 1) units.push({ text: groupText, tokens: groupTokens, joiner: "\n\n" });
    else {
      pushGroup(group.slice(0, group.length >> 1));
      pushGroup(group.slice(group.length >> 1));
    }
  };
  const closeGroup = () => {
    if (rows.length > 0) pushGroup(rows);
    rows = [];
    rowTokens = 0;
  };
  for (const row of lines.slice(2)) {
    const size = measure(row, limit, count) + 1;
    if (headerTokens + size > limit) {
      // One row larger than a chunk: it goes alone, cut like a paragraph.
      closeGroup();
      for (const unit of fitUnits(row, limit, count, "sentences", "\n\n")) units.push(unit);
      continue;
    }
    if (headerTokens + rowTokens + size > limit) closeGroup();
    rows.push(row);
    rowTokens += size;
  }
  closeGroup();
  return units;
}
