import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { createParser } from "eventsource-parser";
import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import { http2Request, type UpstreamResponse } from "./http2-sessions.js";
import { PieceReader } from "./piece-reader.js";
import { retryAfterSeconds } from "./retry-after.js";
import { UpstreamConnectionError, UpstreamHttpError } from "./upstream-errors.js";

/**
 * How long an idle keep-alive socket is kept. Node's agent honours a server's `Keep-Alive:
 * timeout=N` hint (closing its socket a second before the server does) only when the agent has
 * a timeout of its own; without one an idle socket is kept until the server closes it, and a
 * call that picks it just then fails. 4 s is below the 5 s of Node, uvicorn (vLLM) and most
 * OpenAI-compatible servers. (On a socket in use the timeout only emits an event nobody acts on.)
 */
const IDLE_SOCKET_MS = 4_000;

// No socket cap: a capped agent queues calls silently (no byte, no error). Each provider's
// OpenAIProvider limits its concurrent calls itself and refuses the one over it (ConcurrencyLimit).
const agents = {
  "http:": new HttpAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
  "https:": new HttpsAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
};

/**
 * A kept-alive socket the server closed while it sat idle, found out only when the next call was
 * written on it: the call fails with a reset or hang-up before a single byte came back. The
 * server never read that call, so it is sent again once on a new socket (Node's documented
 * remedy); without this, a busy server's upstream calls failed with 500 (`socket hang up`) now
 * and then, at the moment the model server's keep-alive timeout ended idle sockets. A call that
 * got any byte back (the server had it) is never sent twice.
 */
const staleSocket = (req: { reusedSocket: boolean }, error: NodeJS.ErrnoException, bytesBack: number) =>
  req.reusedSocket && bytesBack === 0 && (error.code === "ECONNRESET" || error.code === "EPIPE");

export interface ChatStreamOptions {
  baseURL: string;
  apiKey: string | undefined;
  headers: Record<string, string> | undefined;
  body: unknown;
  signal: AbortSignal;
  /** Send over HTTP/2 (many calls share one connection; see http2-sessions.ts) instead of HTTP/1.1. */
  http2?: boolean | undefined;
}

/**
 * `POST {baseURL}/chat/completions` being streamed: `next()` gives the parsed chunks in order,
 * then null once the model finished. `OpenAIProvider` reads it directly, so a waiting stream
 * does not wait through one more async generator (see PieceReader for why that matters).
 *
 * Why not the openai SDK here: on this hot path the SDK cost ~1.4 ms per call on loopback
 * (request building, debug-log formatting, web-stream SSE parsing), more than the rest of the
 * app API together (docs/decisions/0003-lean-model-stream-client.md). The SDK still serves
 * the model list and connection tests.
 */
export class ChatCompletionStream {
  /** Data of the events parsed but not handed out yet (OpenAI-compatible streams name no events). */
  readonly #events: string[] = [];
  #at = 0;
  #finished = false;
  readonly #parser = createParser({ onEvent: (event) => this.#events.push(event.data) });
  readonly #reader: PieceReader;
  readonly #onAbort = () => this.response.destroy();

  private constructor(
    private readonly response: UpstreamResponse,
    private readonly signal: AbortSignal,
  ) {
    response.setEncoding("utf8");
    this.#reader = new PieceReader(response);
    signal.addEventListener("abort", this.#onAbort, { once: true });
  }

  /** Sends the request; fails with the upstream's error status as `UpstreamHttpError`. */
  static async open(options: ChatStreamOptions): Promise<ChatCompletionStream> {
    const url = new URL(`${options.baseURL.replace(/\/$/, "")}/chat/completions`);
    const payload = Buffer.from(JSON.stringify(options.body));
    const response = await send(url, payload, options);
    if ((response.statusCode ?? 500) >= 400) throw await httpError(response);
    return new ChatCompletionStream(response, options.signal);
  }

  /**
   * The next chunk, or null at the end. Synchronous when the chunk was already received (a
   * packet often carries several). Fails with `UpstreamHttpError` (an error inside the stream),
   * `UpstreamConnectionError` (broken or closed mid-stream), or the abort error.
   */
  next(): ChatCompletionChunk | null | Promise<ChatCompletionChunk | null> {
    for (;;) {
      while (this.#at < this.#events.length) {
        const data = this.#events[this.#at++] as string;
        if (data === "[DONE]") {
          this.#finished = true;
          continue;
        }
        const parsed = JSON.parse(data) as ChatCompletionChunk & { error?: { message?: string } };
        if (parsed.error) throw new UpstreamHttpError(0, parsed.error.message ?? "error in the stream");
        return parsed;
      }
      this.#events.length = 0;
      this.#at = 0;
      const piece = this.#reader.next();
      if (piece instanceof Promise) return piece.then(this.#fed, this.#broken);
      if (piece === null) return this.#atEnd();
      this.#parser.feed(piece);
    }
  }

  /** Cancels the request unless the whole answer arrived (a consumer that stopped early must not drain it). */
  close(): void {
    this.signal.removeEventListener("abort", this.#onAbort);
    if (!this.response.complete) this.response.destroy();
  }

  readonly #fed = (piece: string | null): ChatCompletionChunk | null | Promise<ChatCompletionChunk | null> => {
    if (piece === null) return this.#atEnd();
    this.#parser.feed(piece);
    return this.next();
  };

  readonly #broken = (error: Error): never => {
    throw this.signal.aborted ? error : new UpstreamConnectionError(error.message, true);
  };

  #atEnd(): null {
    if (!this.#finished && !this.response.complete) throw new UpstreamConnectionError("the connection closed mid-stream", true);
    return null;
  }
}

/** The chunks of a {@link ChatCompletionStream} for `for await` (tests, benches). */
export async function* streamChatCompletion(options: ChatStreamOptions): AsyncGenerator<ChatCompletionChunk, void, undefined> {
  const stream = await ChatCompletionStream.open(options);
  try {
    for (;;) {
      const next = stream.next();
      const chunk = next instanceof Promise ? await next : next;
      if (chunk === null) return;
      yield chunk;
    }
  } finally {
    stream.close();
  }
}

function send(
  url: URL,
  payload: Buffer,
  options: { apiKey: string | undefined; headers: Record<string, string> | undefined; signal: AbortSignal; http2?: boolean | undefined },
  isRetry = false,
): Promise<UpstreamResponse> {
  if (options.http2) return http2Request(url, payload, requestHeaders(payload, options), options.signal);
  const agent = agents[url.protocol as keyof typeof agents];
  if (!agent) return Promise.reject(new UpstreamConnectionError(`unsupported protocol ${url.protocol}`, false));
  const request = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        agent,
        signal: options.signal,
        headers: requestHeaders(payload, options),
      },
      resolve,
    );
    // Bytes the server sent back on this call's socket; read when the call fails.
    let bytesBack = () => 0;
    req.on("socket", (socket) => {
      socket.setNoDelay(true);
      const before = socket.bytesRead;
      bytesBack = () => socket.bytesRead - before;
    });
    req.on("error", (e) => {
      if (!isRetry && !options.signal.aborted && staleSocket(req, e, bytesBack())) resolve(send(url, payload, options, true));
      else reject(options.signal.aborted ? e : new UpstreamConnectionError(e.message, false));
    });
    req.end(payload);
  });
}

function requestHeaders(
  payload: Buffer,
  options: { apiKey: string | undefined; headers: Record<string, string> | undefined },
): Record<string, string | number> {
  return {
    ...options.headers,
    "content-type": "application/json",
    accept: "text/event-stream",
    "content-length": payload.byteLength,
    ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
  };
}

async function httpError(response: UpstreamResponse): Promise<UpstreamHttpError> {
  let text = "";
  response.setEncoding("utf8");
  for await (const piece of response as AsyncIterable<string>) {
    if (text.length < 65_536) text += piece;
  }
  let message = text.trim() || `HTTP ${response.statusCode}`;
  try {
    const parsed = JSON.parse(text) as { error?: { message?: string }; message?: string };
    message = parsed.error?.message ?? parsed.message ?? message;
  } catch {
    // not JSON: keep the text
  }
  return new UpstreamHttpError(response.statusCode ?? 500, message, retryAfterSeconds(response.headers));
}
