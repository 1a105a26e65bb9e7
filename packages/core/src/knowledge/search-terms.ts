/**
 * How text becomes full-text search terms, shared by the index (SQLite calls {@link searchText}
 * from its triggers; PostgreSQL has the same rule in SQL, see migration 0008) and the query side
 * ({@link queryTerms}).
 *
 * Chinese and Japanese write words without spaces, and words are mostly two characters long, so
 * runs of CJK characters are indexed as overlapping character bigrams (`退款申请` → `退款 款申
 * 申请`), the scheme of Lucene's CJK analyzer: a question phrased differently from the document
 * (`如何申请退款` / `退款申请流程`) still shares its words with it, which character trigrams
 * would miss. Everything else is left to the database's word tokenizer.
 */

/** Han, Hiragana, Katakana, Hangul syllables, CJK compatibility ideographs (BMP only, as in the SQL twin). */
export const CJK_CLASS = "\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uac00-\\ud7af\\uf900-\\ufaff";
const CJK_RUN = new RegExp(`[${CJK_CLASS}]+`, "g");
const CJK_START = new RegExp(`^[${CJK_CLASS}]`);

/** The text as indexed: CJK runs replaced by their bigrams (a lone character stays itself). */
export function searchText(text: string): string {
  return text.replace(CJK_RUN, (run) => ` ${bigrams(run).join(" ")} `);
}

function bigrams(run: string): string[] {
  if (run.length === 1) return [run];
  const out: string[] = [];
  for (let i = 0; i < run.length - 1; i++) out.push(run.slice(i, i + 2));
  return out;
}

/** One query term; `prefix` for a lone CJK character (it matches the bigrams it starts). */
export interface QueryTerm {
  text: string;
  prefix: boolean;
}

/**
 * Words too common to tell passages apart. Dropping them keeps rankings sharp (PostgreSQL's
 * ts_rank has no inverse document frequency) and queries fast (a term in every chunk makes the
 * database score every chunk).
 */
const STOPWORDS = new Set(
  (
    "a an and are as at be but by can do does for from has have how i if in into is it its me my no not of on or our so such that the their " +
    "then there these they this to was were what when where which who why will with would you your " +
    "什么 是什 么是 怎么 如何 为什 么样 哪些 哪个 可以 请问 的是 是否 吗"
  ).split(" "),
);

/** Distinct search terms of a user's query, most useful first, at most `max`. */
export function queryTerms(query: string, max = 32): QueryTerm[] {
  const seen = new Set<string>();
  const terms: QueryTerm[] = [];
  const add = (text: string, prefix: boolean) => {
    if (STOPWORDS.has(text) || seen.has(text)) return;
    seen.add(text);
    terms.push({ text, prefix });
  };
  for (const piece of searchText(query.toLowerCase()).split(/[^\p{L}\p{N}]+/u)) {
    if (piece === "") continue;
    if (CJK_START.test(piece)) add(piece, piece.length === 1);
    // Single Latin letters and digits match too much to help.
    else if (piece.length >= 2) add(piece, false);
  }
  return terms.slice(0, max);
}
