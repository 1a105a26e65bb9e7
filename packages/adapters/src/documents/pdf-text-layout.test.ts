import { describe, expect, it } from "vitest";
import { layoutPdfPages, type PdfTextItem } from "./pdf-text-layout.js";

/** A text run at (x, y) in a font of `size`, as pdf.js reports it. */
function run(str: string, x: number, y: number, size = 10, hasEOL = false): PdfTextItem {
  return { str, transform: [size, 0, 0, size, x, y], width: str.length * size * 0.5, hasEOL };
}

describe("layoutPdfPages", () => {
  it("joins lines into paragraphs, splits on larger gaps and reads larger short lines as headings", () => {
    const page = [
      run("Getting started", 50, 700, 18),
      run("Install the tool and run it. The first line wraps", 50, 670),
      run("onto a second line, with a hyphen-", 50, 658),
      run("ated word.", 50, 646),
      run("A new paragraph after a gap.", 50, 620),
      run("Details", 50, 590, 14),
      run("Under the smaller heading.", 50, 570),
      run("12", 300, 40),
    ];
    expect(layoutPdfPages([page])).toEqual([
      { kind: "heading", level: 1, text: "Getting started", page: 1 },
      { kind: "paragraph", text: "Install the tool and run it. The first line wraps onto a second line, with a hyphenated word.", page: 1 },
      { kind: "paragraph", text: "A new paragraph after a gap.", page: 1 },
      { kind: "heading", level: 2, text: "Details", page: 1 },
      { kind: "paragraph", text: "Under the smaller heading.", page: 1 },
    ]);
  });

  it("puts runs of one line together, with a space only where there is a gap", () => {
    const page = [run("Total:", 50, 700), run("42", 90, 700), run("units", 101, 700, 10, true)];
    expect(layoutPdfPages([page]).map((block) => block.text)).toEqual(["Total: 42units"]);
  });

  it("joins wrapped CJK lines without a space", () => {
    const page = [run("中文段落，", 50, 700), run("第二行。", 50, 688)];
    expect(layoutPdfPages([page]).map((block) => block.text)).toEqual(["中文段落，第二行。"]);
  });

  it("starts a new paragraph when the text jumps back up (a second column)", () => {
    const page = [run("Left column line one", 50, 700), run("left column line two.", 50, 688), run("Right column.", 320, 700), run("Still right.", 320, 688)];
    expect(layoutPdfPages([page]).map((block) => block.text)).toEqual(["Left column line one left column line two.", "Right column. Still right."]);
  });

  it("numbers pages from 1 and leaves empty pages out", () => {
    const blocks = layoutPdfPages([[run("One.", 50, 700)], [], [run("Page 3 of 3", 50, 40), run("Three.", 50, 700)]]);
    expect(blocks.map((block) => [block.page, block.text])).toEqual([
      [1, "One."],
      [3, "Three."],
    ]);
  });
});
