/** A piece of an answer: plain text, or a `<ref>[n]</ref>` citation marker (`[n]`). */
export type AnswerPart = { text: string } | { citation: string };

/**
 * Splits an answer at its citation markers. Agents that show sources write `<ref>[1]</ref>`
 * (also `<ref>[1][2]</ref>`, `<ref>[1,2]</ref>`) after statements taken from a source.
 */
export function splitCitations(text: string): AnswerPart[] {
  const parts: AnswerPart[] = [];
  let last = 0;
  for (const m of text.matchAll(/<ref>([^<]{1,40})<\/ref>/g)) {
    if (m.index > last) parts.push({ text: text.slice(last, m.index) });
    parts.push({ citation: m[1] as string });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
