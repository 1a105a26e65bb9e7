import { AppError } from "@appstudio/core";
import { UPSTREAM_MESSAGES } from "./map-upstream-error.js";
import { postJson, type UpstreamCall } from "./post-json.js";

/**
 * `POST {baseURL}/rerank` in the shape Jina, Cohere, vLLM and DashScope's compatible rerank
 * share: `{model, query, documents}` → `results[{index, relevance_score}]`. Returns one score per
 * document in input order (0..1; a document the upstream left out scores 0), or undefined when
 * the upstream has no such endpoint (HTTP 404).
 */
export async function rerankTexts(
  call: UpstreamCall,
  options: { model: string; query: string; documents: string[]; signal?: AbortSignal | undefined },
): Promise<number[] | undefined> {
  if (options.documents.length === 0) return [];
  const body = { model: options.model, query: options.query, documents: options.documents, top_n: options.documents.length, return_documents: false };
  const answer = await postJson(call, "/rerank", body, options.signal, { missingIsUndefined: true });
  if (answer === undefined) return undefined;
  const root = answer as { results?: unknown; data?: unknown; output?: { results?: unknown } };
  const results = root.results ?? root.data ?? root.output?.results;
  if (!Array.isArray(results)) {
    throw new AppError(
      "ModelServiceFailed",
      UPSTREAM_MESSAGES.ModelServiceFailed,
      undefined,
      `model provider '${call.providerId}' answered /rerank without a results list`,
    );
  }
  const scores = new Array<number>(options.documents.length).fill(Number.NaN);
  for (const item of results as { index?: unknown; relevance_score?: unknown; score?: unknown }[]) {
    const index = Number(item?.index);
    const score = Number(item?.relevance_score ?? item?.score);
    if (Number.isInteger(index) && index >= 0 && index < scores.length && Number.isFinite(score)) scores[index] = score;
  }
  // Most servers send probabilities; some send raw logits, which a logistic maps into 0..1.
  const given = scores.filter((s) => !Number.isNaN(s));
  const probabilities = given.every((s) => s >= 0 && s <= 1);
  return scores.map((s) => (Number.isNaN(s) ? 0 : probabilities ? s : 1 / (1 + Math.exp(-s))));
}
