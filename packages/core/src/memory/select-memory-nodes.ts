import type { MemoryNode } from "./memory-types.js";

/** A store this small goes into the context whole: every fact about the user may matter. */
export const RECALL_ALL_UP_TO = 20;
/** From a larger store, this many of the best-matching nodes. */
export const RECALL_TOP = 10;

/**
 * Lowercased words (Latin scripts) and character bigrams (every script, so Chinese and
 * Japanese text without spaces still matches): the same idea as the bigram full-text index
 * of knowledge chunks, at the size of a memory store, in memory.
 */
export function grams(text: string): Set<string> {
  const out = new Set<string>();
  const lower = text.toLowerCase();
  for (const word of lower.match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (word.length > 1 && /^[\p{Script=Latin}\p{N}]+$/u.test(word)) out.add(`w:${word}`);
    const chars = [...word];
    for (let i = 0; i + 1 < chars.length; i++) out.add(`b:${chars[i]}${chars[i + 1]}`);
    if (chars.length === 1) out.add(`b:${chars[0]}`);
  }
  return out;
}

/** Shared grams, normalised by the node's length so long nodes do not win by size alone. */
function score(query: Set<string>, node: Set<string>): number {
  if (node.size === 0) return 0;
  let shared = 0;
  for (const g of node) if (query.has(g)) shared++;
  return shared / Math.sqrt(node.size);
}

/**
 * The nodes a turn should see: all of a small store, else the best matches for the prompt
 * (ties: the newer fact first), in the store's order so the context reads chronologically.
 */
export function selectMemoryNodes(nodes: MemoryNode[], prompt: string): MemoryNode[] {
  if (nodes.length <= RECALL_ALL_UP_TO) return nodes;
  const query = grams(prompt);
  const ranked = nodes
    .map((node, index) => ({ node, index, score: score(query, grams(node.content)) }))
    .filter((r) => r.score > 0)
    .sort((a, b) => b.score - a.score || b.index - a.index)
    .slice(0, RECALL_TOP);
  return ranked.sort((a, b) => a.index - b.index).map((r) => r.node);
}

/** Key for spotting a fact already stored: case, spacing and punctuation do not count. */
export const factKey = (text: string) => (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(" ");
