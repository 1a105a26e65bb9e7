import { splitSentences } from "./split-sentences.js";

type Count = (text: string) => number;

/**
 * The end of a chunk to repeat at the start of the next: as many whole sentences as fit in
 * `maxTokens`; when not even the last sentence fits, its end, cut at a space where there is one
 * (CJK text has none, so it is cut between characters). Empty when `maxTokens` is 0.
 */
export function overlapTail(text: string, maxTokens: number, count: Count): string {
  const whole = text.trim();
  if (maxTokens <= 0 || whole === "") return "";
  const sentences = splitSentences(whole);
  let start = whole.length;
  // Whole sentences from the end while they fit; the count only grows, so stop at the first miss.
  for (let i = sentences.length - 1; i >= 0; i--) {
    const candidate = start - (sentences[i]?.length ?? 0);
    if (count(whole.slice(candidate).trim()) > maxTokens) break;
    start = candidate;
  }
  if (start < whole.length) return whole.slice(start).trim();
  return partOfLastSentence(whole, sentences.at(-1)?.length ?? 0, maxTokens, count);
}

/** The shortest-start suffix of the last sentence within the budget, found by bisection. */
function partOfLastSentence(text: string, lastSentenceLength: number, maxTokens: number, count: Count): string {
  let low = text.length - lastSentenceLength;
  let high = text.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (count(text.slice(middle)) <= maxTokens) high = middle;
    else low = middle + 1;
  }
  let start = low;
  // Start on a word: skip to just after the next space, if that leaves anything.
  const space = text.indexOf(" ", start);
  if (space >= 0 && space + 1 < text.length && !/\s/.test(text[start - 1] ?? " ")) start = space + 1;
  // Never start on the second half of a surrogate pair.
  if (/[\uDC00-\uDFFF]/.test(text[start] ?? "")) start += 1;
  return text.slice(start).trim();
}
