import type { ChunkDraft } from "@appstudio/core";
import type { Piece } from "./chunk-pieces.js";
import { overlapTail } from "./overlap-tail.js";

type Count = (text: string) => number;

/**
 * Packs pieces into chunks of at most `limit` tokens, in order.
 *
 * A chunk is filled while the next piece fits. A top-level section or a new page starts a new
 * chunk (consecutive headings stay together, so a title and its first section heading do not
 * make a chunk of their own), and headings at the end of a full chunk move on with the text
 * they head. A chunk that follows a full one in the same section starts with the last
 * `overlap` tokens of it, in whole sentences where possible; there is none after a section
 * break or a table, nor before a heading or a table part (which repeats its header instead).
 * Token counts are exact: each chunk's text is counted once, and a chunk that came out over the
 * limit (tokens can merge differently across a join) is split.
 */
export function packChunks(pieces: Piece[], limit: number, overlap: number, count: Count): ChunkDraft[] {
  const drafts: ChunkDraft[] = [];
  let body: Piece[] = [];
  let prefix = "";
  let estimate = 0;

  /**
   * Counts the chunk and sends it. When it came out over the limit (the estimate was low), it
   * sends the longest run of leading pieces that fits, found by bisection, and then the rest.
   */
  const emit = (lead: string, parts: Piece[]): void => {
    const text = joinPieces(lead, parts);
    const tokens = count(text);
    if (tokens <= limit || (lead === "" && parts.length === 1)) {
      if (text !== "") drafts.push(draft(drafts.length, text, tokens, parts));
      return;
    }
    if (lead !== "") {
      emit("", parts);
      return;
    }
    let fits = 1;
    let over = parts.length;
    while (over - fits > 1) {
      const middle = (fits + over) >> 1;
      if (count(joinPieces("", parts.slice(0, middle))) <= limit) fits = middle;
      else over = middle;
    }
    emit("", parts.slice(0, fits));
    emit("", parts.slice(fits));
  };

  /**
   * Sends out the chunk being built. `next` says why: the next piece does not fit ("full") or
   * starts a page, and the next chunk carries on the text; or it starts a section, and the
   * chunk ends with everything it holds (a heading there heads an empty subsection).
   */
  const close = (next: "full" | "page" | "section"): void => {
    let cut = body.length;
    if (next !== "section") while (cut > 0 && body[cut - 1]?.kind === "heading") cut--;
    if (cut === 0) cut = body.length; // only headings: nothing after them fitted, send them anyway
    const sent = body.slice(0, cut);
    emit(prefix, sent);
    body = body.slice(cut);
    const last = sent.at(-1)?.kind;
    const continues = next !== "section" && body.length === 0 && (last === "paragraph" || last === "list" || last === "code");
    // The overlap comes from the text under the chunk's last heading, never from a heading line.
    const underLastHeading = sent.slice(sent.findLastIndex((piece) => piece.kind === "heading") + 1);
    prefix = continues ? overlapTail(joinPieces("", underLastHeading), overlap, count) : "";
    estimate = body.reduce((sum, piece) => sum + piece.tokens + joinCost(piece), prefix === "" ? 0 : count(prefix) + 1);
  };

  for (const piece of pieces) {
    if (piece.breakBefore !== "none" && body.some((held) => held.kind !== "heading")) close(piece.breakBefore);
    while (body.length > 0 && estimate + joinCost(piece) + piece.tokens > limit) close("full");
    if (body.length === 0 && prefix !== "" && (piece.kind === "table" || piece.kind === "heading" || estimate + 1 + piece.tokens > limit)) {
      prefix = "";
      estimate = 0;
    }
    estimate += (body.length > 0 ? joinCost(piece) : prefix !== "" ? 1 : 0) + piece.tokens;
    body.push(piece);
  }
  if (body.length > 0) close("section");
  return drafts;
}

/** A line break between blocks or lines is about a token; sentences of a paragraph join freely. */
function joinCost(piece: Piece): number {
  return piece.joiner === "" ? 0 : 1;
}

function joinPieces(lead: string, pieces: Piece[]): string {
  let text = lead;
  for (const piece of pieces) text = text === "" ? piece.text : text + piece.joiner + piece.text;
  return text.trim();
}

/**
 * The heading path and page are those of the chunk's first text below its headings: a chunk
 * that opens with "Install" at the foot of page 3 and goes on with its text on page 4 is about
 * page 4, under "Install".
 */
function draft(seq: number, text: string, tokenCount: number, pieces: Piece[]): ChunkDraft {
  const content = pieces.find((piece) => piece.kind !== "heading") ?? pieces.at(-1);
  return { seq, text, headingPath: content?.headingPath ?? [], page: content?.page ?? null, tokenCount };
}
