import { AppError } from "@appstudio/core";
import { UPSTREAM_MESSAGES } from "./map-upstream-error.js";
import { postJson, type UpstreamCall } from "./post-json.js";

/**
 * Texts per `/embeddings` request. DashScope's text-embedding-v3/v4 take at most 10; OpenAI
 * (2048) and Ollama take more, so 10 works everywhere and a provider can be given more.
 */
export const DEFAULT_EMBEDDING_BATCH = 10;
/** Requests in flight per call: ingestion of a long document is not one round trip per 10 chunks. */
export const DEFAULT_EMBEDDING_CONCURRENCY = 4;

export interface EmbedOptions {
  model: string;
  inputs: string[];
  signal?: AbortSignal | undefined;
  batchSize?: number;
  concurrency?: number;
}

/**
 * OpenAI-compatible `POST {baseURL}/embeddings` (OpenAI, DashScope compatible mode, Ollama,
 * vLLM ...): one vector per input, in input order. Inputs are sent in batches, a few at a time;
 * the first failure aborts the rest and is thrown as the provider port's error.
 */
export async function embedTexts(call: UpstreamCall, options: EmbedOptions): Promise<number[][]> {
  const { model, inputs } = options;
  if (inputs.length === 0) return [];
  const size = Math.max(1, options.batchSize ?? DEFAULT_EMBEDDING_BATCH);
  const batches: string[][] = [];
  for (let i = 0; i < inputs.length; i += size) batches.push(inputs.slice(i, i + size));

  const controller = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  const results: number[][][] = new Array(batches.length);
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const at = next++;
      const batch = batches[at] as string[];
      const answer = await postJson(call, "/embeddings", { model, input: batch, encoding_format: "float" }, signal);
      results[at] = vectorsOf(answer, batch.length, call.providerId);
    }
  };
  const workers = Array.from({ length: Math.min(batches.length, Math.max(1, options.concurrency ?? DEFAULT_EMBEDDING_CONCURRENCY)) }, worker);
  try {
    await Promise.all(workers);
  } catch (e) {
    controller.abort();
    // The caller's own abort wins over whatever a sibling request failed with meanwhile.
    if (options.signal?.aborted) throw options.signal.reason;
    throw e;
  }
  return results.flat();
}

/** `data[].embedding` ordered by `index`, checked: as many as asked, all numbers, one length. */
function vectorsOf(answer: unknown, expected: number, providerId: string): number[][] {
  const data = (answer as { data?: unknown })?.data;
  const bad = (why: string) =>
    new AppError("ModelServiceFailed", UPSTREAM_MESSAGES.ModelServiceFailed, undefined, `model provider '${providerId}' answered /embeddings with ${why}`);
  if (!Array.isArray(data)) throw bad("no data list");
  if (data.length !== expected) throw bad(`${data.length} vectors for ${expected} texts`);
  const ordered = [...data].sort((a, b) => Number(a?.index ?? 0) - Number(b?.index ?? 0));
  const vectors = ordered.map((item) => (item as { embedding?: unknown })?.embedding);
  const dims = Array.isArray(vectors[0]) ? vectors[0].length : 0;
  for (const v of vectors) {
    if (!Array.isArray(v) || v.length === 0 || v.length !== dims || !v.every((x) => typeof x === "number" && Number.isFinite(x))) {
      throw bad("a vector that is not a list of numbers of the same length as the others");
    }
  }
  return vectors as number[][];
}
