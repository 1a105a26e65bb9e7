/**
 * Deterministic stand-in for an embedding model: a hashed bag of features in a fixed number of
 * dimensions, normalised. Texts sharing words, word pieces (character trigrams, so "install" is
 * near "installing") or CJK characters and bigrams are near each other, which is what makes
 * vector retrieval measurable in tests and in `npm run bench:rag` without a real model.
 */
export const FAKE_EMBEDDING_DIMS = 256;

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/;
const STOPWORDS = new Set(
  "a an and are as at be by can do does for from has have how i in is it of on or that the this to was what when where which who why will with you your 的 了 是 在 和 吗 呢 什 么".split(
    " ",
  ),
);

export function fakeEmbedding(text: string, dims = FAKE_EMBEDDING_DIMS): number[] {
  const features = new Map<string, { weight: number; count: number }>();
  const add = (feature: string, weight: number) => {
    const seen = features.get(feature);
    if (seen) seen.count++;
    else features.set(feature, { weight, count: 1 });
  };
  for (const piece of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (piece === "") continue;
    let latin = "";
    const flush = () => {
      if (latin !== "" && !STOPWORDS.has(latin)) {
        add(`w:${latin}`, 1);
        const padded = `^${latin}$`;
        for (let i = 0; i + 3 <= padded.length; i++) add(`t:${padded.slice(i, i + 3)}`, 0.4);
      }
      latin = "";
    };
    const chars = [...piece];
    chars.forEach((ch, i) => {
      if (!CJK.test(ch)) {
        latin += ch;
        return;
      }
      flush();
      if (!STOPWORDS.has(ch)) add(`u:${ch}`, 0.5);
      const next = chars[i + 1];
      if (next && CJK.test(next)) add(`b:${ch}${next}`, 1);
    });
    flush();
  }
  const vector = new Array<number>(dims).fill(0);
  for (const [feature, { weight, count }] of features) {
    const hash = fnv1a(feature);
    // Signed hashing: collisions cancel out on average instead of piling up. Repeats count sublinearly.
    vector[hash % dims] = (vector[hash % dims] as number) + (hash & 0x80000000 ? -1 : 1) * weight * (1 + Math.log(count));
  }
  const norm = Math.hypot(...vector);
  // An empty text still gets a valid unit vector (real models never return zeros).
  if (norm === 0) return vector.map((_, i) => (i === 0 ? 1 : 0));
  return vector.map((x) => x / norm);
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

type EndpointAnswer = { status: 200; body: unknown } | { status: 400; error: string };

/** OpenAI's `/embeddings` answer for a request body; `input` may be one string or a list. */
export function embeddingsAnswer(body: { model?: unknown; input?: unknown; dimensions?: unknown }, batchLimit: number): EndpointAnswer {
  const input = typeof body.input === "string" ? [body.input] : body.input;
  if (!Array.isArray(input) || input.length === 0 || !input.every((x) => typeof x === "string")) {
    return { status: 400, error: "'input' must be a string or a non-empty list of strings." };
  }
  if (input.length > batchLimit) return { status: 400, error: `batch size is invalid, it should not be larger than ${batchLimit}.` };
  const dims = typeof body.dimensions === "number" ? body.dimensions : FAKE_EMBEDDING_DIMS;
  const data = input.map((text, index) => ({ object: "embedding", index, embedding: fakeEmbedding(text, dims) }));
  const tokens = input.reduce((n, text) => n + text.length, 0);
  return { status: 200, body: { object: "list", model: body.model, data, usage: { prompt_tokens: tokens, total_tokens: tokens } } };
}

/** Jina/Cohere-style `/rerank` answer: relevance = the fake embeddings' cosine, floored at 0. */
export function rerankAnswer(body: { model?: unknown; query?: unknown; documents?: unknown }): EndpointAnswer {
  const { query, documents } = body;
  if (typeof query !== "string" || !Array.isArray(documents)) return { status: 400, error: "'query' and 'documents' are required." };
  const q = fakeEmbedding(query);
  const results = documents
    .map((doc, index) => {
      const d = fakeEmbedding(typeof doc === "string" ? doc : String((doc as { text?: unknown })?.text ?? ""));
      return {
        index,
        relevance_score: Math.max(
          0,
          q.reduce((sum, x, i) => sum + x * (d[i] as number), 0),
        ),
      };
    })
    .sort((a, b) => b.relevance_score - a.relevance_score);
  return { status: 200, body: { model: body.model, results } };
}
