/**
 * Cuts text after sentence-ending punctuation, keeping every character: the parts joined give
 * the input back. Latin `.`, `!`, `?` end a sentence when whitespace follows (so "3.14" and
 * "e.g.x" stay whole); CJK `。！？．` end one wherever they stand, as CJK text has no spaces;
 * a line break ends one too. Closing quotes and brackets stay with the sentence. Whitespace
 * after a sentence opens the next part: the tokenizer reads it with the next word (" Hello"
 * is one token), so parts count about as the whole does, and no part but the last ends in
 * whitespace, so a part can follow any cut-off end of the text before it directly.
 */
export function splitSentences(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (const match of text.matchAll(sentenceEnd)) {
    const end = (match.index ?? 0) + match[0].length;
    if (end > start && end < text.length) {
      parts.push(text.slice(start, end));
      start = end;
    }
  }
  if (start < text.length) parts.push(text.slice(start));
  return mergeBlankParts(parts);
}

const sentenceEnd = /(?:[.!?…]+["'”’)\]]*(?=\s)|[。！？．]+[」』”’）)\]]*|(?=\n))/gu;

/** Whitespace alone (between a sentence end and a line break) joins the part after it. */
function mergeBlankParts(parts: string[]): string[] {
  const merged: string[] = [];
  let pending = "";
  for (const part of parts) {
    if (part.trim() === "") pending += part;
    else {
      merged.push(pending + part);
      pending = "";
    }
  }
  if (pending !== "") {
    if (merged.length > 0) merged[merged.length - 1] += pending;
    else merged.push(pending);
  }
  return merged;
}

/**
 * Cuts text into parts of at most `maxChars` characters, preferring a whitespace boundary in
 * the last quarter of each part, and never cutting a surrogate pair. For text with no usable
 * sentence boundary (a very long line, a CJK run without punctuation).
 */
export function splitByLength(text: string, maxChars: number): string[] {
  maxChars = Math.max(1, Math.floor(maxChars));
  const parts: string[] = [];
  let start = 0;
  while (text.length - start > maxChars) {
    let end = start + maxChars;
    const space = text.lastIndexOf(" ", end - 1);
    if (space > start + (maxChars * 3) / 4) end = space + 1;
    // Keep a surrogate pair together: back off one unit, or take the pair whole if it is all there is.
    else if (isHighSurrogate(text.charCodeAt(end - 1))) end += end - 1 > start ? -1 : 1;
    parts.push(text.slice(start, end));
    start = end;
  }
  if (start < text.length) parts.push(text.slice(start));
  return parts;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
