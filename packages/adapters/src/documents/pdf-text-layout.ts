import type { ParsedBlock } from "@appstudio/core";

/** The part of a pdf.js text item the layout needs. */
export interface PdfTextItem {
  str: string;
  /** [a, b, c, d, x, y]: the text matrix; |d| is about the font size, (x, y) the baseline start. */
  transform: number[];
  width: number;
  hasEOL: boolean;
}

interface Line {
  text: string;
  x: number;
  y: number;
  size: number;
}

/**
 * Turns the text items of each page into paragraphs and headings.
 *
 * pdf.js gives runs of text in content order with their positions. Runs on one baseline make a
 * line; lines close together make a paragraph; a larger vertical gap, a change of font size or
 * a jump back up the page (a new column) starts another. Lines set clearly larger than the
 * body text (the size most characters use) and short are headings, ranked by size. A bare page
 * number at the top or bottom of a page is dropped. This is a heuristic: it reads ordinary
 * reports and papers well and never loses text, whatever the layout.
 */
export function layoutPdfPages(pages: PdfTextItem[][]): ParsedBlock[] {
  const linesByPage = pages.map((items) => dropPageNumbers(toLines(items)));
  const bodySize = mostCommonSize(linesByPage.flat());
  const headingLevel = headingLevels(linesByPage.flat(), bodySize);
  const blocks: ParsedBlock[] = [];
  linesByPage.forEach((lines, index) => {
    for (const block of toBlocks(lines, index + 1, headingLevel)) blocks.push(block);
  });
  return blocks;
}

function toLines(items: PdfTextItem[]): Line[] {
  const lines: Line[] = [];
  let current: (Line & { endX: number }) | undefined;
  let breakBefore = false;
  for (const item of items) {
    const [, , c = 0, d = 0, x = 0, y = 0] = item.transform;
    const size = Math.round(Math.hypot(c, d) * 10) / 10;
    if (item.str.length > 0) {
      const sameLine = current && !breakBefore && Math.abs(current.y - y) <= Math.max(current.size, size) * 0.5;
      if (current && sameLine) {
        current.text += joinRun(current.text, item.str, x - current.endX, size);
        current.size = Math.max(current.size, size);
      } else {
        if (current) lines.push(current);
        current = { text: item.str, x, y, size, endX: x };
      }
      current.endX = x + item.width;
    }
    breakBefore = item.hasEOL;
  }
  if (current) lines.push(current);
  return lines.map(({ text, x, y, size }) => ({ text: text.replace(/\s+/g, " ").trim(), x, y, size })).filter((line) => line.text.length > 0);
}

/** Runs on one line: a visible gap without a space in the text means a space. */
function joinRun(before: string, run: string, gap: number, size: number): string {
  if (gap < size * 0.2 || /\s$/.test(before) || /^\s/.test(run)) return run;
  if (isCjk(before.at(-1)) && isCjk(run[0])) return run;
  return ` ${run}`;
}

function dropPageNumbers(lines: Line[]): Line[] {
  const isPageNumber = (line: Line | undefined) => line !== undefined && /^(page\s*)?\d{1,4}(\s*(of|\/)\s*\d{1,4})?$|^[-–]\s*\d{1,4}\s*[-–]$/i.test(line.text);
  let start = 0;
  let end = lines.length;
  if (isPageNumber(lines[end - 1])) end -= 1;
  if (end > start && isPageNumber(lines[start])) start += 1;
  return lines.slice(start, end);
}

function mostCommonSize(lines: Line[]): number {
  const chars = new Map<number, number>();
  for (const line of lines) chars.set(line.size, (chars.get(line.size) ?? 0) + line.text.length);
  let best = 0;
  let bestChars = -1;
  for (const [size, count] of chars) {
    if (count > bestChars) [best, bestChars] = [size, count];
  }
  return best;
}

/** Heading level by font size: the largest heading size is level 1, at most six levels. */
function headingLevels(lines: Line[], bodySize: number): (line: Line) => number | undefined {
  const sizes = [...new Set(lines.filter((line) => isHeadingCandidate(line, bodySize)).map((line) => line.size))].sort((a, b) => b - a);
  return (line) => {
    if (!isHeadingCandidate(line, bodySize)) return undefined;
    return Math.min(sizes.indexOf(line.size) + 1, 6);
  };
}

function isHeadingCandidate(line: Line, bodySize: number): boolean {
  return bodySize > 0 && line.size >= bodySize * 1.2 && line.text.length <= 120 && /\p{L}/u.test(line.text);
}

function toBlocks(lines: Line[], page: number, headingLevel: (line: Line) => number | undefined): ParsedBlock[] {
  const blocks: ParsedBlock[] = [];
  const gaps = lines.slice(1).map((line, i) => (lines[i]?.y ?? 0) - line.y);
  // The usual line spacing: a low quantile, as paragraph gaps are among the gaps too.
  const spacing = lowQuantile(gaps.filter((gap) => gap > 0));
  let previous: Line | undefined;
  let previousLevel: number | undefined;
  for (const line of lines) {
    const level = headingLevel(line);
    const last = blocks.at(-1);
    if (last && previous && continues(previous, line, spacing) && level === previousLevel) {
      last.text = joinLines(last.text, line.text);
    } else {
      blocks.push(level === undefined ? { kind: "paragraph", text: line.text, page } : { kind: "heading", text: line.text, level, page });
    }
    previous = line;
    previousLevel = level;
  }
  return blocks;
}

/** True when `line` goes on the paragraph `previous` belongs to. */
function continues(previous: Line, line: Line, spacing: number): boolean {
  const gap = previous.y - line.y;
  if (gap <= 0) return false; // back up the page: a new column or a float
  if (Math.abs(previous.size - line.size) > Math.max(previous.size, line.size) * 0.15) return false;
  const normal = spacing > 0 ? spacing : line.size * 1.2;
  return gap <= Math.max(normal * 1.35, line.size * 1.05);
}

function joinLines(text: string, next: string): string {
  // "exam-" + "ple" is one hyphenated word; CJK lines join without a space.
  if (/\p{Ll}-$/u.test(text) && /^\p{Ll}/u.test(next)) return text.slice(0, -1) + next;
  if (isCjk(text.at(-1)) || isCjk(next[0])) return text + next;
  return `${text} ${next}`;
}

function lowQuantile(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 4)] ?? 0;
}

const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;

function isCjk(char: string | undefined): boolean {
  return char !== undefined && cjk.test(char);
}
