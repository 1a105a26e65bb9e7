import type { IncomingHttpHeaders } from "node:http";
import { type ClientHttp2Session, type ClientHttp2Stream, connect, constants } from "node:http2";
import type { Readable } from "node:stream";
import { UpstreamConnectionError } from "./upstream-errors.js";

/**
 * HTTP/2 transport of the chat stream client (a provider's `http2: true`).
 *
 * Why: over HTTP/1.1 every open model stream holds its own upstream socket, so one appstudio
 * process spends two file descriptors per SSE stream (the caller's and the upstream one) and a
 * TLS handshake per new socket. HTTP/2 multiplexes many calls over one connection: 10,000 open
 * streams to one provider need a handful of upstream descriptors instead of 10,000.
 *
 * The price is head-of-line blocking at the TCP level (a lost packet stalls every stream of that
 * connection), which is why a session carries at most {@link MAX_STREAMS_PER_SESSION} calls and
 * the pool opens more sessions beyond that. `https:` origins negotiate h2 by ALPN; `http:`
 * origins speak h2c with prior knowledge (local servers, the tests).
 */

/** What `streamChatCompletion` reads of an answer; `IncomingMessage` (HTTP/1.1) has the same shape. */
export interface UpstreamResponse extends Readable {
  statusCode?: number | undefined;
  headers: IncomingHttpHeaders;
  /** The whole answer arrived (HTTP/2: the peer ended the stream, rather than resetting it or dropping the connection). */
  complete: boolean;
}

/** Calls per session at most, even when the peer allows more: bounds what one lost packet or one broken connection takes down. */
const MAX_STREAMS_PER_SESSION = 1_000;
/** Assumed peer limit until its SETTINGS arrive (RFC 9113 §6.5.2 recommends servers allow at least 100). */
const ASSUMED_PEER_LIMIT = 100;
/**
 * An idle session is closed after this long. Longer than HTTP/1.1's 4 s: a server that ends an
 * idle HTTP/2 connection says so with GOAWAY first (the session is then dropped, and a call it
 * refused is sent again), and each new session may cost a TLS handshake.
 */
export const IDLE_SESSION_MS = 30_000;
/** Times one call is sent when the server refused it unprocessed (REFUSED_STREAM, or above a GOAWAY's last stream). */
const MAX_ATTEMPTS = 3;
/** nghttp2's memory budget per session (Node's default of 10 MB is tight for a thousand open streams). */
const MAX_SESSION_MEMORY_MB = 64;

/** Headers HTTP/2 forbids (RFC 9113 §8.2.2); Node throws on them, so a provider's extra headers are filtered. */
const CONNECTION_HEADERS = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "host"]);

interface PooledSession {
  session: ClientHttp2Session;
  /** Calls open on this session now. */
  active: number;
  /** The peer's SETTINGS arrived, so its `maxConcurrentStreams` is known. */
  settingsKnown: boolean;
  /** Set once the session must take no new call (GOAWAY, error, closing). */
  retired: boolean;
  /** Highest stream ID the peer said it processed in its GOAWAY (streams above it were not). */
  goawayLastStreamId?: number;
  idleTimer: NodeJS.Timeout | undefined;
}

const pools = new Map<string, PooledSession[]>();

function capacity(pooled: PooledSession): number {
  const peer = pooled.settingsKnown ? (pooled.session.remoteSettings.maxConcurrentStreams ?? ASSUMED_PEER_LIMIT) : ASSUMED_PEER_LIMIT;
  return Math.min(peer, MAX_STREAMS_PER_SESSION);
}

/** Takes the session out of the pool; it closes once its open calls have ended. */
function retire(origin: string, pooled: PooledSession): void {
  pooled.retired = true;
  clearTimeout(pooled.idleTimer);
  if (pooled.active === 0) pooled.session.close();
  const sessions = pools.get(origin);
  const at = sessions?.indexOf(pooled) ?? -1;
  if (sessions && at >= 0) {
    sessions.splice(at, 1);
    if (sessions.length === 0) pools.delete(origin);
  }
}

function openSession(origin: string): PooledSession {
  const session = connect(origin, { maxSessionMemory: MAX_SESSION_MEMORY_MB, settings: { enablePush: false } });
  const pooled: PooledSession = { session, active: 0, settingsKnown: false, retired: false, idleTimer: undefined };
  session.once("remoteSettings", () => {
    pooled.settingsKnown = true;
  });
  // No setNoDelay here: Node's HTTP/2 sets it on the session's socket itself (and forbids touching the socket).
  session.on("goaway", (_code: number, lastStreamId: number) => {
    pooled.goawayLastStreamId = lastStreamId;
    retire(origin, pooled);
  });
  // A session error also fails its open streams, which report it to their calls; the listener keeps it from crashing the process.
  session.on("error", () => retire(origin, pooled));
  session.once("close", () => retire(origin, pooled));
  // Only open calls keep the process alive (see `take`/`release`).
  session.unref();
  let sessions = pools.get(origin);
  if (!sessions) {
    sessions = [];
    pools.set(origin, sessions);
  }
  sessions.push(pooled);
  return pooled;
}

/** A session of `origin` with room for one more call (opening one when none has), counted as busy. */
function take(origin: string): PooledSession {
  const pooled = pools.get(origin)?.find((s) => !s.retired && !s.session.closed && !s.session.destroyed && s.active < capacity(s)) ?? openSession(origin);
  if (pooled.active++ === 0) {
    clearTimeout(pooled.idleTimer);
    pooled.idleTimer = undefined;
    pooled.session.ref();
  }
  return pooled;
}

function release(origin: string, pooled: PooledSession): void {
  if (--pooled.active > 0) return;
  if (pooled.retired) {
    pooled.session.close();
    return;
  }
  pooled.session.unref();
  pooled.idleTimer = setTimeout(() => retire(origin, pooled), IDLE_SESSION_MS);
  pooled.idleTimer.unref();
}

/**
 * Node ends a stream's readable side the same way whether the peer sent END_STREAM or the
 * stream was reset (RST_STREAM with NO_ERROR, or the connection torn down): its close handler
 * pushes the end of the data too. Only an end pushed while the stream is still open is the
 * peer's END_STREAM, and only that makes an answer `complete` (a cut-off answer must not pass
 * for a whole one).
 */
function markCompleteOnEndStream(stream: ClientHttp2Stream, response: { complete: boolean }): void {
  const push = stream.push;
  stream.push = function (this: ClientHttp2Stream, chunk: unknown, encoding?: BufferEncoding) {
    if (chunk === null && !stream.closed) response.complete = true;
    return push.call(this, chunk, encoding);
  };
}

/**
 * Sends one call as one stream on a pooled session of `url`'s origin and resolves with the
 * answer once its headers arrive. Fails with `UpstreamConnectionError` (never midStream: no
 * answer started) when no stream could be had, or the caller's abort error when `signal` fired.
 */
export function http2Request(url: URL, payload: Buffer, headers: Record<string, string | number>, signal: AbortSignal, attempt = 1): Promise<UpstreamResponse> {
  if (url.protocol !== "http:" && url.protocol !== "https:") return Promise.reject(new UpstreamConnectionError(`unsupported protocol ${url.protocol}`, false));
  const origin = url.origin;
  const pooled = take(origin);
  let stream: ClientHttp2Stream;
  try {
    stream = pooled.session.request(requestHeaders(url, headers), { signal });
  } catch (e) {
    // The session went away between our check and the call (or ran out of stream IDs).
    release(origin, pooled);
    retire(origin, pooled);
    if (attempt < MAX_ATTEMPTS && !signal.aborted) return http2Request(url, payload, headers, signal, attempt + 1);
    return Promise.reject(signal.aborted ? e : new UpstreamConnectionError((e as Error).message, false));
  }
  stream.once("close", () => release(origin, pooled));
  // Errors after the answer started reach the reader through the stream itself; this listener
  // keeps one that fires before anyone reads from crashing the process, and says why a stream
  // closed before its answer (e.g. `connect ECONNREFUSED`).
  let failure: Error | undefined;
  stream.on("error", (e: Error) => {
    failure ??= e;
  });
  return new Promise((resolve, reject) => {
    const onResponse = (answer: IncomingHttpHeaders & { ":status"?: number }) => {
      stream.off("close", onEarlyClose);
      const response = stream as ClientHttp2Stream & UpstreamResponse;
      response.statusCode = answer[":status"];
      response.headers = answer;
      // An answer of headers alone (END_STREAM on HEADERS) may have ended before this runs.
      response.complete = stream.endAfterHeaders;
      markCompleteOnEndStream(stream, response);
      resolve(response);
    };
    // The stream closed before any answer: reset by the peer, refused, or the session died.
    const onEarlyClose = () => {
      stream.off("response", onResponse);
      if (signal.aborted) return reject(signal.reason);
      // A refused stream (sent before the server's SETTINGS said how many it takes), or one above
      // the GOAWAY's last processed ID, was never run by the server: sending it again cannot run
      // it twice. The pool now knows the limit (or has dropped the session), so it goes elsewhere.
      const unprocessed =
        stream.rstCode === constants.NGHTTP2_REFUSED_STREAM || (pooled.goawayLastStreamId !== undefined && (stream.id ?? 0) > pooled.goawayLastStreamId);
      if (unprocessed && attempt < MAX_ATTEMPTS) return resolve(http2Request(url, payload, headers, signal, attempt + 1));
      reject(new UpstreamConnectionError(failure?.message ?? `the HTTP/2 stream closed before an answer (code ${stream.rstCode})`, false));
    };
    stream.once("response", onResponse);
    stream.once("close", onEarlyClose);
    stream.end(payload);
  });
}

function requestHeaders(url: URL, headers: Record<string, string | number>): Record<string, string | number> {
  const out: Record<string, string | number> = { ":method": "POST", ":path": `${url.pathname}${url.search}` };
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!CONNECTION_HEADERS.has(lower)) out[lower] = value;
  }
  return out;
}

/** Sessions open to `origin` now (tests and diagnostics). */
export function http2SessionCount(origin: string): number {
  return pools.get(origin)?.length ?? 0;
}

/** Closes every pooled session (tests; a process exiting needs nothing: idle sessions are unref'd). */
export function closeHttp2Sessions(): void {
  for (const [origin, sessions] of [...pools]) {
    for (const pooled of [...sessions]) {
      retire(origin, pooled);
      pooled.session.destroy();
    }
  }
}
