import type { IncomingMessage } from "node:http";
import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import { retryAfterSeconds } from "./retry-after.js";

/** The upstream answered with an error status (its OpenAI-style message kept). */
export class UpstreamHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** From the upstream's `Retry-After` / `retry-after-ms` (a 429's wait, passed on to the caller). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "UpstreamHttpError";
  }
}

/** The connection could not be made, or broke before the stream finished. */
export class UpstreamConnectionError extends Error {
  constructor(
    message: string,
    readonly midStream: boolean,
  ) {
    super(message);
    this.name = "UpstreamConnectionError";
  }
}

const agents = {
  "http:": new HttpAgent({ keepAlive: true, maxSockets: 512 }),
  "https:": new HttpsAgent({ keepAlive: true, maxSockets: 512 }),
};

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
}): AsyncGenerator<ChatCompletionChunk, void, undefined> {
  const url = new URL(`${options.baseURL.replace(/\/$/, "")}/chat/completions`);
  const payload = Buffer.from(JSON.stringify(options.body));
  const response = await send(url, payload, options);
  if ((response.statusCode ?? 500) >= 400) throw await httpError(response);

  response.setEncoding("utf8");
  let buffer = "";
  let finished = false;
  const onAbort = () => response.destroy();
  options.signal.addEventListener("abort", onAbort, { once: true });
  try {
    for await (const piece of response as AsyncIterable<string>) {
      // CRLF framing is legal SSE; normalising keeps the event split simple.
      buffer += piece.includes("\r") ? piece.replace(/\r\n/g, "\n") : piece;
      let end = buffer.indexOf("\n\n");
      while (end !== -1) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = dataOf(event);
        if (data === "[DONE]") {
          finished = true;
        } else if (data !== null) {
          const parsed = JSON.parse(data) as ChatCompletionChunk & { error?: { message?: string } };
          if (parsed.error) throw new UpstreamHttpError(0, parsed.error.message ?? "error in the stream");
          yield parsed;
        }
        end = buffer.indexOf("\n\n");
      }
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
  options: { apiKey: string | undefined; headers: Record<string, string> | undefined; signal: AbortSignal },
): Promise<IncomingMessage> {
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
        headers: {
          ...options.headers,
          "content-type": "application/json",
          accept: "text/event-stream",
          "content-length": payload.byteLength,
          ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
        },
      },
      resolve,
    );
    req.on("socket", (socket) => socket.setNoDelay(true));
    req.on("error", (e) => reject(options.signal.aborted ? e : new UpstreamConnectionError(e.message, false)));
    req.end(payload);
  });
}

async function httpError(response: IncomingMessage): Promise<UpstreamHttpError> {
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

/** The `data:` payload of one SSE event (multi-line data joined), or null for comments/empty events. */
function dataOf(event: string): string | null {
  let data: string | null = null;
  for (const line of event.split("\n")) {
    const clean = line.endsWith("\r") ? line.slice(0, -1) : line;
    if (!clean.startsWith("data:")) continue;
    const value = clean.slice(clean[5] === " " ? 6 : 5);
    data = data === null ? value : `${data}\n${value}`;
  }
  return data;
}
