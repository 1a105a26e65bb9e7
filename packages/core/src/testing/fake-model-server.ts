import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { embeddingsAnswer, rerankAnswer } from "./fake-embeddings.js";
import { chatCompletionJson, streamFrames } from "./fake-model-frames.js";
import type { ChatBody, FakeReply } from "./fake-model-reply.js";
import { type FakeHttp2Option, type FakeModelTransport, listenFakeModel } from "./fake-model-transport.js";

export type FakeReplySource = FakeReply | ((req: RecordedRequest) => FakeReply | Promise<FakeReply>);

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
  readonly connectionCount: FakeModelTransport["connectionCount"];
  readonly openConnections: FakeModelTransport["openConnections"];
  dropConnections: FakeModelTransport["dropConnections"];
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
  http2?: FakeHttp2Option;
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
  const transport = await listenFakeModel(onRequest, options.http2);

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
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", ...(transport.http2 ? {} : { connection: "keep-alive" }) });
    const frames = streamFrames(recorded.body, reply);
    for (const [i, frame] of frames.entries()) {
      if (reply.dropAfterFrames !== undefined && i >= reply.dropAfterFrames) {
        dropped = true;
        // What was written goes out first (Node holds a response's writes until the next tick):
        // the client sees the status line and the frames, then the connection breaks.
        res.flushHeaders();
        await new Promise((resolve) => setImmediate(resolve));
        transport.breakConnectionOf(res);
        return;
      }
      if (i > 0) await pause(reply.delayMs);
      if (res.destroyed) return;
      res.write(frame);
    }
    res.end();
  }

  return {
    url: `${transport.origin}/v1`,
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
      return transport.connectionCount;
    },
    get openConnections() {
      return transport.openConnections;
    },
    dropConnections: () => transport.dropConnections(),
    close: () => transport.close(),
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
