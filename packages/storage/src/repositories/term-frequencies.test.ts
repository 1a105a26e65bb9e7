import type { QueryTerm } from "@appstudio/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { TermFrequencies } from "./term-frequencies.js";

const t = (text: string): QueryTerm => ({ text, prefix: false });

function frequencies(total: number, counts: Record<string, number>) {
  const asked: string[] = [];
  const totals = { n: 0 };
  const tf = new TermFrequencies(
    async (term) => {
      asked.push(term.text);
      return counts[term.text] ?? 0;
    },
    async () => {
      totals.n++;
      return total;
    },
  );
  return { tf, asked, totals };
}

describe("common-term pruning", () => {
  afterEach(() => vi.useRealTimers());

  it("keeps every term of a small index without counting them", async () => {
    const { tf, asked } = frequencies(19_999, { the: 19_000, zebra: 3 });
    expect(await tf.selective([t("the"), t("zebra")])).toEqual({ terms: [t("the"), t("zebra")], common: false });
    expect(asked).toEqual([]);
  });

  it("drops terms found in more than a tenth of a large index, and terms found nowhere", async () => {
    const { tf } = frequencies(100_000, { server: 70_000, install: 10_000, zebra: 12, nowhere: 0 });
    expect(await tf.selective([t("server"), t("install"), t("zebra"), t("nowhere")])).toEqual({ terms: [t("install"), t("zebra")], common: false });
  });

  it("drops the most common of the rare terms when together they would match over a fifth of the index", async () => {
    const { tf } = frequencies(100_000, { a: 9_000, b: 8_000, c: 7_000, d: 6_000, e: 50 });
    expect((await tf.selective([t("a"), t("b"), t("c"), t("d"), t("e")])).terms).toEqual([t("c"), t("d"), t("e")]);
    const broad = frequencies(100_000, { a: 9_900, b: 9_900, c: 9_900 });
    expect((await broad.tf.selective([t("a"), t("b"), t("c")])).terms).toEqual([t("a"), t("b")]);
    // PostgreSQL's smaller shares: over 3 % (7 000, 6 000) is common.
    const tight = new TermFrequencies(
      async (term) => ({ c: 7_000, d: 6_000, e: 50, f: 900 })[term.text] ?? 0,
      async () => 100_000,
      { commonShare: 0.03, budgetShare: 0.05 },
    );
    expect((await tight.selective([t("c"), t("d"), t("e"), t("f")])).terms).toEqual([t("e"), t("f")]);
  });

  it("keeps two terms when every term is common, and says so", async () => {
    const { tf } = frequencies(100_000, { a1: 90_000, a2: 30_000, a3: 50_000 });
    expect(await tf.selective([t("a1"), t("a2"), t("a3")])).toEqual({ terms: [t("a1"), t("a2")], common: true });
    expect(await tf.selective([t("a1")])).toEqual({ terms: [t("a1")], common: true });
    expect(await tf.selective([t("missing")])).toEqual({ terms: [], common: false });
  });

  it("stops counting just past the cut-off and reuses such a count only while it still decides", async () => {
    let total = 100_000;
    const limits: number[] = [];
    const tf = new TermFrequencies(
      async (_term, atMost) => {
        limits.push(atMost);
        return Math.min(atMost, 15_000);
      },
      async () => total,
    );
    expect((await tf.selective([t("x"), t("zebra")])).common).toBe(true);
    expect(limits).toEqual([10_001, 10_001]);
    vi.useFakeTimers({ now: Date.now() + 10_001 });
    total = 200_000; // cut-off 20 000: "more than 10 000" no longer decides, so count again
    expect((await tf.selective([t("x")])).common).toBe(false);
    expect(limits).toEqual([10_001, 10_001, 20_001]);
  });

  it("counts a term once a minute and the index size every ten seconds", async () => {
    vi.useFakeTimers({ now: 0 });
    const { tf, asked, totals } = frequencies(100_000, { zebra: 3, lion: 4 });
    await tf.selective([t("zebra"), t("lion")]);
    await tf.selective([t("zebra")]);
    expect(asked).toEqual(["zebra", "lion"]);
    expect(totals.n).toBe(1);
    vi.setSystemTime(10_001);
    await tf.selective([t("zebra")]);
    expect(totals.n).toBe(2);
    expect(asked).toEqual(["zebra", "lion"]);
    vi.setSystemTime(60_001);
    await tf.selective([t("zebra")]);
    expect(asked).toEqual(["zebra", "lion", "zebra"]);
  });
});
