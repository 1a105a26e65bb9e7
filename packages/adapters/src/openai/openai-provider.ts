import {
  AppError,
  type ChatChunk,
  type ChatRequest,
  type ConnectionTestResult,
  type EmbeddingRequest,
  type FinishReason,
  type ModelInfo,
  type ModelProvider,
  messageWithDiagnostic,
  type RerankRequest,
  type TokenUsage,
} from "@appstudio/core";
import OpenAI from "openai";
import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import { ChatCompletionStream } from "./chat-stream-client.js";
import { ConcurrencyLimit } from "./concurrency-limit.js";
import { embedTexts } from "./embeddings-client.js";
import { mapUpstreamError, UPSTREAM_MESSAGES } from "./map-upstream-error.js";
import { nodeHttpFetch } from "./node-http-fetch.js";
import type { UpstreamCall } from "./post-json.js";
import { rerankTexts } from "./rerank-client.js";
import { type RequestShape, toOpenAIRequest } from "./to-openai-request.js";
import { ToolCallAssembler } from "./tool-call-assembler.js";

/** DashScope's documented model-call timeout. */
export const DEFAULT_MODEL_TIMEOUT_MS = 300_000;
/** Concurrent chat calls per provider when not configured: enough for 10,000 open streams and more. */
export const DEFAULT_MAX_CONCURRENT_CALLS = 20_000;

export interface OpenAIProviderOptions {
  /** Name in logs and error messages, e.g. `dashscope`. */
  id: string;
  /** OpenAI-compatible base URL including the version path, e.g. `https://dashscope.aliyuncs.com/compatible-mode/v1`. */
  baseURL: string;
  /** Omit for servers without auth (Ollama, local vLLM). */
  apiKey?: string;
  /**
   * Longest silence from the upstream (before the first byte and between chunks) before the
   * call fails with `RequestTimeOut`. An idle limit, not a total one: a local model that
   * streams steadily for ten minutes is healthy; one that stops sending is not.
   */
  timeoutMs?: number;
  maxTokensField?: RequestShape["maxTokensField"];
  headers?: Record<string, string>;
  /** Texts per `/embeddings` request (default 10, DashScope's limit). */
  embeddingBatchSize?: number;
  /** Chat calls open upstream at once; one more is refused with `Throttling` (default {@link DEFAULT_MAX_CONCURRENT_CALLS}). */
  maxConcurrentCalls?: number;
  /** How long a call over `maxConcurrentCalls` may wait for a place before it is refused (default 0: refused at once). */
  queueTimeoutMs?: number;
  /**
   * Chat calls over HTTP/2 (`https:` by ALPN, `http:` as h2c): many calls share one connection
   * instead of a socket each (http2-sessions.ts). Embeddings, rerank and the model list stay on HTTP/1.1.
   */
  http2?: boolean;
}

/** A {@link ModelProvider} for any server speaking OpenAI chat completions. */
export class OpenAIProvider implements ModelProvider {
  readonly id: string;
  readonly #client: OpenAI;
  readonly #timeoutMs: number;
  readonly #shape: RequestShape;
  readonly #baseURL: string;
  readonly #apiKey: string | undefined;
  readonly #headers: Record<string, string> | undefined;
  readonly #embeddingBatchSize: number | undefined;
  readonly #limit: ConcurrencyLimit;
  readonly #http2: boolean;

  constructor(options: OpenAIProviderOptions) {
    this.id = options.id;
    this.#limit = new ConcurrencyLimit(options.id, options.maxConcurrentCalls ?? DEFAULT_MAX_CONCURRENT_CALLS, options.queueTimeoutMs ?? 0);
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_MODEL_TIMEOUT_MS;
    this.#shape = { maxTokensField: options.maxTokensField ?? "max_tokens" };
    this.#baseURL = options.baseURL;
    this.#apiKey = options.apiKey;
    this.#headers = options.headers;
    this.#embeddingBatchSize = options.embeddingBatchSize;
    this.#http2 = options.http2 === true;
    this.#client = new OpenAI({
      baseURL: options.baseURL,
      // The SDK insists on a key; servers without auth ignore the header.
      apiKey: options.apiKey ?? "no-key",
      // Explicit nulls stop the SDK from reading OPENAI_* variables: config.ts owns the environment.
      adminAPIKey: null,
      organization: null,
      project: null,
      webhookSecret: null,
      // Retries are the caller's decision (and a retried stream could repeat text already sent).
      maxRetries: 0,
      timeout: this.#timeoutMs,
      fetch: nodeHttpFetch,
      ...(options.headers ? { defaultHeaders: options.headers } : {}),
    });
  }

  async *stream(req: ChatRequest): AsyncGenerator<ChatChunk, void, undefined> {
    req.signal.throwIfAborted();
    const release = await this.#limit.acquire(req.signal);
    const controller = new AbortController();
    let timedOut = false;
    // One idle timer per call, refreshed on every chunk (not a new timer per chunk: with
    // thousands of slow streams open that was a Timeout object per token per stream). It only
    // counts while we wait for the upstream.
    let waiting = false;
    const timer = setTimeout(() => {
      if (!waiting) return;
      timedOut = true;
      controller.abort();
    }, this.#timeoutMs);
    const arm = () => {
      waiting = true;
      timer.refresh();
    };
    const onCallerAbort = () => controller.abort(req.signal.reason);
    req.signal.addEventListener("abort", onCallerAbort, { once: true });
    const fail = (e: unknown) => mapUpstreamError(e, { providerId: this.id, timedOut, timeoutMs: this.#timeoutMs, callerSignal: req.signal });

    const tools = new ToolCallAssembler();
    let upstreamDone = false;
    let finishReason: FinishReason | undefined;
    let usage: TokenUsage = { inputTokens: 0, outputTokens: 0 };
    try {
      arm();
      const body = toOpenAIRequest(req, this.#shape);
      let upstream: ChatCompletionStream;
      try {
        upstream = await ChatCompletionStream.open({
          baseURL: this.#baseURL,
          apiKey: this.#apiKey,
          headers: this.#headers,
          body,
          signal: controller.signal,
          http2: this.#http2,
        });
      } catch (e) {
        throw fail(e);
      }
      try {
        while (true) {
          arm();
          let chunk: ChatCompletionChunk | null;
          try {
            const next = upstream.next();
            chunk = next instanceof Promise ? await next : next;
          } catch (e) {
            throw fail(e);
          }
          if (chunk === null) {
            upstreamDone = true;
            break;
          }
          // The idle timer must not count time the consumer spends before pulling again.
          waiting = false;
          if (chunk.usage) usage = { inputTokens: chunk.usage.prompt_tokens ?? 0, outputTokens: chunk.usage.completion_tokens ?? 0 };
          for (const choice of chunk.choices ?? []) {
            const delta = choice.delta as ChatCompletionChunk.Choice.Delta & { reasoning_content?: string | null; reasoning?: string | null };
            // DashScope/DeepSeek call it reasoning_content; newer vLLM and Ollama call it reasoning.
            const reasoning = delta?.reasoning_content ?? delta?.reasoning;
            if (reasoning) yield { type: "reasoning", delta: reasoning };
            if (delta?.content) yield { type: "text", delta: delta.content };
            if (delta?.tool_calls) tools.add(delta.tool_calls);
            if (choice.finish_reason) finishReason = normaliseFinishReason(choice.finish_reason);
          }
        }
      } finally {
        // Stopping early (consumer break) must cancel the HTTP request, not leave it running.
        upstream.close();
      }
      // An aborted request can end the stream quietly; find out why it ended.
      if (timedOut || req.signal.aborted) throw fail(new Error("aborted"));
      if (finishReason === undefined) {
        throw new AppError(
          "ModelServiceFailed",
          UPSTREAM_MESSAGES.ModelServiceFailed,
          undefined,
          `the response from model provider '${this.id}' ended before the model finished`,
        );
      }
      for (const call of tools.calls()) yield { type: "tool_call", call };
      yield { type: "end", finishReason, usage };
    } finally {
      release();
      clearTimeout(timer);
      req.signal.removeEventListener("abort", onCallerAbort);
      // A finished response has nothing left to cancel (and an abort reason costs a stack trace).
      if (!upstreamDone) controller.abort();
    }
  }

  async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    let timedOut = false;
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    timeout.addEventListener("abort", () => (timedOut = true), { once: true });
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      const models: ModelInfo[] = [];
      for await (const m of this.#client.models.list({ signal: combined })) {
        models.push(m.owned_by ? { id: m.id, ownedBy: m.owned_by } : { id: m.id });
      }
      return models;
    } catch (e) {
      throw mapUpstreamError(e, { providerId: this.id, timedOut, timeoutMs: this.#timeoutMs, callerSignal: signal });
    }
  }

  embed(req: EmbeddingRequest): Promise<number[][]> {
    return embedTexts(this.#call(), { model: req.model, inputs: req.inputs, signal: req.signal, batchSize: this.#embeddingBatchSize });
  }

  rerank(req: RerankRequest): Promise<number[] | undefined> {
    return rerankTexts(this.#call(), req);
  }

  #call(): UpstreamCall {
    return { providerId: this.id, baseURL: this.#baseURL, apiKey: this.#apiKey, headers: this.#headers, timeoutMs: this.#timeoutMs };
  }

  async testConnection(signal?: AbortSignal): Promise<ConnectionTestResult> {
    const started = performance.now();
    const latencyMs = () => Math.round(performance.now() - started);
    try {
      const models = await this.listModels(signal);
      return { ok: true, latencyMs: latencyMs(), modelCount: models.length };
    } catch (e) {
      // Only super administrators test connections: they get what the upstream said.
      return { ok: false, latencyMs: latencyMs(), message: messageWithDiagnostic(e) };
    }
  }
}

function normaliseFinishReason(reason: string): FinishReason {
  if (reason === "length" || reason === "tool_calls" || reason === "content_filter") return reason;
  if (reason === "function_call") return "tool_calls";
  return "stop";
}
