/** A byte-pair-encoding table in the format js-tiktoken ships (`js-tiktoken/ranks/*`). */
export interface BpeTable {
  pat_str: string;
  bpe_ranks: string;
}

/**
 * Counts tokens exactly as tiktoken does, over the table js-tiktoken ships.
 *
 * js-tiktoken merges byte pairs with a quadratic scan that rebuilds a string key per pair; a
 * long run of letters without spaces or punctuation (CJK, Thai) is one pre-token, so 3,000
 * Chinese characters took 11 s and 100,000 would block the process for hours. This encoder
 * makes the same merges in the same order (lowest rank first, leftmost on ties) with a heap,
 * so a pre-token costs O(n log n). Special tokens are plain text here, as a document's
 * "<|endoftext|>" must be. The equivalence with js-tiktoken is asserted in the tests.
 */
export class BpeEncoder {
  /** Token rank by its bytes, each byte a char code 0-255 (a "binary" string). */
  private readonly ranks = new Map<string, number>();
  private readonly pattern: RegExp;

  constructor(table: BpeTable) {
    this.pattern = new RegExp(table.pat_str, "gu");
    for (const line of table.bpe_ranks.split("\n")) {
      // "<ignored> <first rank> <base64 token> <base64 token> ..." with consecutive ranks.
      const fields = line.split(" ");
      const first = Number.parseInt(fields[1] ?? "", 10);
      for (let i = 2; i < fields.length; i++) {
        const token = fields[i];
        if (token) this.ranks.set(Buffer.from(token, "base64").toString("latin1"), first + i - 2);
      }
    }
  }

  encode(text: string): number[] {
    const tokens: number[] = [];
    for (const match of text.matchAll(this.pattern)) {
      const piece = Buffer.from(match[0], "utf8").toString("latin1");
      const rank = this.ranks.get(piece);
      if (rank !== undefined) tokens.push(rank);
      else this.mergePairs(piece, tokens);
    }
    return tokens;
  }

  /** Byte-pair merging of one pre-token, appending its tokens to `out`. */
  private mergePairs(piece: string, out: number[]): void {
    const n = piece.length;
    // Parts as a linked list over byte positions: part i spans [i, end[i]), next[i] follows it.
    const end = new Int32Array(n);
    const next = new Int32Array(n);
    const prev = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      end[i] = i + 1;
      next[i] = i + 1 < n ? i + 1 : -1;
      prev[i] = i - 1;
    }
    const heap = new PairHeap();
    const offer = (left: number): void => {
      const right = next[left] ?? -1;
      if (left < 0 || right < 0) return;
      const rank = this.ranks.get(piece.slice(left, end[right]));
      if (rank !== undefined) heap.push({ rank, left, leftEnd: end[left] ?? 0, rightEnd: end[right] ?? 0 });
    };
    for (let i = 0; i < n - 1; i++) offer(i);
    for (let pair = heap.pop(); pair !== undefined; pair = heap.pop()) {
      const right = next[pair.left] ?? -1;
      // Stale entry: one of the two parts has grown since the pair was offered.
      if (right < 0 || end[pair.left] !== pair.leftEnd || end[right] !== pair.rightEnd) continue;
      end[pair.left] = end[right] ?? 0;
      const after = next[right] ?? -1;
      next[pair.left] = after;
      if (after >= 0) prev[after] = pair.left;
      offer(prev[pair.left] ?? -1);
      offer(pair.left);
    }
    for (let part = 0; part >= 0; part = next[part] ?? -1) {
      const rank = this.ranks.get(piece.slice(part, end[part]));
      // Every single byte has a rank, so a part always maps to a token.
      if (rank !== undefined) out.push(rank);
    }
  }
}

interface Pair {
  rank: number;
  left: number;
  leftEnd: number;
  rightEnd: number;
}

/** A binary min-heap of pairs by rank, then by position (tiktoken merges the leftmost first). */
class PairHeap {
  private readonly items: Pair[] = [];

  push(pair: Pair): void {
    const items = this.items;
    items.push(pair);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(pair, items[parent] as Pair)) break;
      items[i] = items[parent] as Pair;
      i = parent;
    }
    items[i] = pair;
  }

  pop(): Pair | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && before(items[right] as Pair, items[left] as Pair) ? right : left;
      if (!before(items[child] as Pair, last)) break;
      items[i] = items[child] as Pair;
      i = child;
    }
    items[i] = last;
    return top;
  }
}

function before(a: Pair, b: Pair): boolean {
  return a.rank < b.rank || (a.rank === b.rank && a.left < b.left);
}
