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

/**
 * Streams `POST {baseURL}/chat/completions` and yields the parsed chunks as they arrive.
 *
 * Why not the openai SDK here: on this hot path the SDK cost ~1.4 ms per call on loopback
 * (request building, debug-log formatting, web-stream SSE parsing), more than the rest of the
 * app API together (docs/decisions/0003-lean-model-stream-client.md). The SDK still serves
 * the model list and connection tests.
 */
export async function* streamChatCompletion(options: {
  baseURL: string;
  apiKey: string | undefined;
  headers: Record<string, string> | undefined;
  body: unknown;
  signal: AbortSignal;
  /** Send over HTTP/2 (many calls share one connection; see http2-sessions.ts) instead of HTTP/1.1. */
  http2?: boolean | undefined;
}): AsyncGenerator<ChatCompletionChunk, void, undefined> {
  const url = new URL(`${options.baseURL.replace(/\/$/, "")}/chat/completions`);
  const payload = Buffer.from(JSON.stringify(options.body));
  const response = await send(url, payload, options);
  if ((response.statusCode ?? 500) >= 400) throw await httpError(response);

  response.setEncoding("utf8");
  // Only the data of each event matters here: OpenAI-compatible streams name no events.
  const pending: string[] = [];
  const parser = createParser({ onEvent: (event) => pending.push(event.data) });
  let finished = false;
  const onAbort = () => response.destroy();
  options.signal.addEventListener("abort", onAbort, { once: true });
  try {
    const reader = new PieceReader(response);
    for (;;) {
      const next = reader.next();
      // Awaited only when nothing is buffered: awaiting a plain value would cost a promise too.
      const piece = typeof next === "string" || next === null ? next : await next;
      if (piece === null) break;
      parser.feed(piece);
      for (let i = 0; i < pending.length; i++) {
        const data = pending[i] as string;
        if (data === "[DONE]") {
          finished = true;
          continue;
        }
        const parsed = JSON.parse(data) as ChatCompletionChunk & { error?: { message?: string } };
        if (parsed.error) throw new UpstreamHttpError(0, parsed.error.message ?? "error in the stream");
        yield parsed;
      }
      pending.length = 0;
    }
  } catch (e) {
    if (options.signal.aborted || e instanceof UpstreamHttpError || e instanceof SyntaxError) throw e;
    throw new UpstreamConnectionError((e as Error).message, true);
  } finally {
    options.signal.removeEventListener("abort", onAbort);
    // Leaving early (consumer stopped) must cancel the request rather than drain it.
    if (!response.complete) response.destroy();
  }
  if (!finished && !response.complete) throw new UpstreamConnectionError("the connection closed mid-stream", true);
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
