import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttp2Server, type Http2ServerRequest, type Http2ServerResponse, type Http2Session } from "node:http2";
import type { AddressInfo, Socket } from "node:net";
import { embeddingsAnswer, rerankAnswer } from "./fake-embeddings.js";
import { chatCompletionJson, streamFrames } from "./fake-model-frames.js";

/** A tool call the fake model makes; arguments objects are JSON-encoded and streamed in fragments. */
export interface FakeToolCall {
  name: string;
  arguments: string | Record<string, unknown>;
  id?: string;
}

/** How the fake answers one chat completion request. Every field is optional. */
export interface FakeReply {
  /** Answer text; default `Echo: <last user message>` (empty when `toolCalls` are given). */
  text?: string;
  /** Text is streamed in this many pieces (default 3). */
  chunks?: number;
  /** Sent as `reasoning_content` deltas (DashScope/DeepSeek style) before the text. */
  reasoning?: string;
  toolCalls?: FakeToolCall[];
  /** Tool-call arguments are streamed in this many fragments (default 3), as OpenAI does. */
  argumentFragments?: number;
  /** `null` sends no usage chunk; default counts words. */
  usage?: { promptTokens: number; completionTokens: number } | null;
  finishReason?: string;
  /** Pause before every SSE frame after the first (a slow model). */
  delayMs?: number;
  /** Pause before the response starts (a model that is slow to answer). */
  firstByteDelayMs?: number;
  /** Answer with this HTTP status and an OpenAI error body instead. */
  status?: number;
  errorMessage?: string;
  /** Extra response headers of that error answer, e.g. `{ "retry-after": "7" }`. */
  errorHeaders?: Record<string, string>;
  /** Destroy the socket after sending this many SSE frames (a dropped connection). */
  dropAfterFrames?: number;
}

export type FakeReplySource = FakeReply | ((req: RecordedRequest) => FakeReply | Promise<FakeReply>);

export interface ChatBody {
  model?: string;
  stream?: boolean;
  messages?: { role: string; content?: unknown; tool_calls?: unknown; tool_call_id?: string }[];
  tools?: { type: string; function: { name: string; description?: string; parameters?: unknown } }[];
  [key: string]: unknown;
}

export interface RecordedRequest {
  index: number;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body of POST requests; `{}` otherwise. */
  body: ChatBody;
}

export interface AbortRecord {
  requestIndex: number;
  /** `Date.now()` when the server saw the client go away. */
  at: number;
}

export interface FakeModelServer {
  /** Base URL including `/v1`, ready for an OpenAI client. */
  url: string;
  requests: RecordedRequest[];
  /** Chat requests the client abandoned before the reply was complete. */
  aborts: AbortRecord[];
  /** Queue replies for the next chat requests, in order; after the queue, the default applies. */
  script(...replies: FakeReplySource[]): void;
  /** Replace the default reply (the echo) for every unscripted request. */
  setDefault(reply: FakeReplySource): void;
  /** Answer the next `count` `/embeddings` requests with this error instead (default 1). */
  failEmbeddings(failure: { status: number; message?: string }, count?: number): void;
  /** Resolves on the next (or an already recorded, not yet awaited) abort; rejects after `timeoutMs`. */
  waitForAbort(timeoutMs?: number): Promise<AbortRecord>;
  /** Connections accepted so far: TCP connections, or HTTP/2 sessions in `http2` mode (many calls share one). */
  readonly connectionCount: number;
  /** Connections open now. */
  readonly openConnections: number;
  /** Breaks every open connection now (HTTP/2: the session is destroyed, a GOAWAY then the socket closed). */
  dropConnections(): void;
  close(): Promise<void>;
}

export interface FakeModelServerOptions {
  /** IDs listed by `GET /v1/models`. */
  models?: string[];
  /** When set, requests without `Authorization: Bearer <apiKey>` get a 401. */
  apiKey?: string;
  /**
   * Most texts one `/embeddings` request may carry (DashScope allows 10); more is a 400.
   * Vectors come from {@link fakeEmbedding}, `dimensions` in the body sets their length.
   */
  embeddingBatchLimit?: number;
  /** Serve `/rerank` (scores from the fake embeddings' cosine); off, it is a 404 like most chat servers. */
  rerank?: boolean;
  /** Pause before answering `/embeddings` (a slow model, to test aborts). */
  embeddingDelayMs?: number;
  /**
   * Serve HTTP/2 without TLS (h2c, prior knowledge) instead of HTTP/1.1, for clients with
   * `http2: true`; `maxConcurrentStreams` is announced in the server's SETTINGS (default: no limit).
   * `dropAfterFrames` then destroys the whole session, every call on it included.
   */
  http2?: boolean | { maxConcurrentStreams?: number };
}

/**
 * A real OpenAI-compatible HTTP server on 127.0.0.1 with a random port, so tests exercise the
 * real client path (SDK, fetch, SSE parsing, aborts) without any network. Unscripted requests
 * get `Echo: <last user message>`, which is all load tests and e2e runs need.
 */
export async function startFakeModelServer(options: FakeModelServerOptions = {}): Promise<FakeModelServer> {
  const requests: RecordedRequest[] = [];
  const aborts: AbortRecord[] = [];
  const queue: FakeReplySource[] = [];
  let defaultReply: FakeReplySource = {};
  let abortsSeen = 0;
  const embeddingFailures: { status: number; message?: string }[] = [];
  const abortWaiters: ((a: AbortRecord) => void)[] = [];
  const models = options.models ?? ["fake-model", "qwen-plus"];

  const recordAbort = (requestIndex: number) => {
    const record = { requestIndex, at: Date.now() };
    aborts.push(record);
    const waiter = abortWaiters.shift();
    if (waiter) {
      abortsSeen++;
      waiter(record);
    }
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendError(res, 500, `fake model server failed: ${String(e)}`);
      else res.destroy();
    });
  };
  // Open connections (sockets, or HTTP/2 sessions), to count them and to drop them.
  const open = new Set<{ destroy(): void }>();
  let connectionCount = 0;
  const track = (connection: Socket | Http2Session) => {
    connectionCount++;
    open.add(connection);
    connection.once("close", () => open.delete(connection));
  };
  const http2 = options.http2 ? (options.http2 === true ? {} : options.http2) : undefined;
  const server = http2
    ? createHttp2Server(
        // A bench holds 10,000 streams on a few sessions: Node's default budget of 10 MB per session is too small.
        { maxSessionMemory: 256, ...(http2.maxConcurrentStreams ? { settings: { maxConcurrentStreams: http2.maxConcurrentStreams } } : {}) },
        (req: Http2ServerRequest, res: Http2ServerResponse) => {
          // The compat API mirrors node:http for all used here but `destroyed`.
          Object.defineProperty(res, "destroyed", { get: () => res.stream.destroyed || res.stream.closed });
          onRequest(req as unknown as IncomingMessage, res as unknown as ServerResponse);
        },
      ).on("session", track)
    : createServer(onRequest).on("connection", track);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = (req.url ?? "/").split("?")[0] as string;
    let body: ChatBody = {};
    if (raw !== "") {
      try {
        body = JSON.parse(raw) as ChatBody;
      } catch {
        return sendError(res, 400, "We could not parse the JSON body of your request.");
      }
    }
    const recorded: RecordedRequest = { index: requests.length, method: req.method ?? "GET", path, headers: req.headers, body };
    requests.push(recorded);

    if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return sendError(res, 401, "Incorrect API key provided.", "invalid_api_key");
    }
    if (req.method === "GET" && path === "/v1/models") {
      const data = models.map((id) => ({ id, object: "model", created: 1_700_000_000, owned_by: "fake" }));
      return sendJson(res, 200, { object: "list", data });
    }
    if (req.method === "POST" && path === "/v1/embeddings") {
      await waitOrClose(options.embeddingDelayMs ?? 0, res);
      if (res.destroyed) return recordAbort(recorded.index);
      const failure = embeddingFailures.shift();
      if (failure) return sendError(res, failure.status, failure.message ?? defaultErrorMessage(failure.status));
      return sendAnswer(res, embeddingsAnswer(body, options.embeddingBatchLimit ?? 10));
    }
    if (req.method === "POST" && path === "/v1/rerank" && options.rerank) return sendAnswer(res, rerankAnswer(body));
    if (req.method !== "POST" || path !== "/v1/chat/completions") return sendError(res, 404, `no route ${req.method} ${path}`);

    const source = queue.shift() ?? defaultReply;
    const reply = typeof source === "function" ? await source(recorded) : source;
    await sendReply(recorded, reply, res);
  }

  async function sendReply(recorded: RecordedRequest, reply: FakeReply, res: ServerResponse): Promise<void> {
    let dropped = false;
    res.on("close", () => {
      if (!res.writableEnded && !dropped) recordAbort(recorded.index);
    });
    const pause = (ms: number | undefined) => (ms ? waitOrClose(ms, res) : Promise.resolve());

    await pause(reply.firstByteDelayMs);
    if (res.destroyed) return;
    if (reply.status !== undefined && reply.status >= 400) {
      return sendError(res, reply.status, reply.errorMessage ?? defaultErrorMessage(reply.status), undefined, reply.errorHeaders);
    }
    if (recorded.body.stream !== true) {
      await pause(reply.delayMs);
      if (!res.destroyed) sendJson(res, 200, chatCompletionJson(recorded.body, reply));
      return;
    }

    // HTTP/2 forbids connection-specific headers.
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", ...(http2 ? {} : { connection: "keep-alive" }) });
    const frames = streamFrames(recorded.body, reply);
    for (const [i, frame] of frames.entries()) {
      if (reply.dropAfterFrames !== undefined && i >= reply.dropAfterFrames) {
        dropped = true;
        // What was written goes out first (Node holds a response's writes until the next tick):
        // the client sees the status line and the frames, then the connection breaks.
        const socket = res.socket;
        res.flushHeaders();
        await new Promise((resolve) => setImmediate(resolve));
        if (http2) (res as unknown as Http2ServerResponse).stream.session?.destroy();
        else socket?.destroy();
        return;
      }
      if (i > 0) await pause(reply.delayMs);
      if (res.destroyed) return;
      res.write(frame);
    }
    res.end();
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    aborts,
    script: (...replies) => void queue.push(...replies),
    setDefault: (reply) => {
      defaultReply = reply;
    },
    failEmbeddings(failure, count = 1) {
      for (let i = 0; i < count; i++) embeddingFailures.push(failure);
    },
    waitForAbort(timeoutMs = 1000) {
      const pending = aborts[abortsSeen];
      if (pending) {
        abortsSeen++;
        return Promise.resolve(pending);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          abortWaiters.splice(abortWaiters.indexOf(done), 1);
          reject(new Error(`the fake model server saw no aborted request within ${timeoutMs} ms`));
        }, timeoutMs);
        const done = (a: AbortRecord) => {
          clearTimeout(timer);
          resolve(a);
        };
        abortWaiters.push(done);
      });
    },
    get connectionCount() {
      return connectionCount;
    },
    get openConnections() {
      return open.size;
    },
    dropConnections() {
      for (const connection of [...open]) connection.destroy();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        if (http2) for (const connection of [...open]) connection.destroy();
        else (server as ReturnType<typeof createServer>).closeAllConnections();
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Sleeps, but wakes early when the client goes away so aborted requests end promptly. */
function waitOrClose(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      res.off("close", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    res.on("close", done);
  });
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function sendAnswer(res: ServerResponse, answer: { status: 200; body: unknown } | { status: 400; error: string }): void {
  if (answer.status === 200) sendJson(res, 200, answer.body);
  else sendError(res, answer.status, answer.error);
}

function sendError(res: ServerResponse, status: number, message: string, code?: string, headers?: Record<string, string>): void {
  const type = status === 429 ? "rate_limit_error" : status >= 500 ? "server_error" : "invalid_request_error";
  sendJson(res, status, { error: { message, type, param: null, code: code ?? null } }, headers);
}

function defaultErrorMessage(status: number): string {
  if (status === 429) return "Rate limit reached for requests";
  if (status >= 500) return "The server had an error while processing your request.";
  return "Invalid request.";
}
