import { type FakeModelServer, startFakeModelServer } from "@appstudio/core/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import { streamChatCompletion } from "./chat-stream-client.js";
import { closeHttp2Sessions, http2SessionCount, IDLE_SESSION_MS } from "./http2-sessions.js";
import { UpstreamConnectionError, UpstreamHttpError } from "./upstream-errors.js";

const body = (prompt: string, model = "fake-model") => ({ model, stream: true, messages: [{ role: "user", content: prompt }] });

/** The chat stream client's HTTP/2 transport against the fake model server in h2c mode. */
describe("streamChatCompletion over HTTP/2", () => {
  let model: FakeModelServer | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    closeHttp2Sessions();
    await model?.close();
    model = undefined;
  });

  const start = async (http2: Parameters<typeof startFakeModelServer>[0] = { http2: true }) => {
    model = await startFakeModelServer(http2);
    return model;
  };
  const origin = () => new URL(model?.url ?? "").origin;
  const call = async (prompt: string, options: { signal?: AbortSignal; apiKey?: string; headers?: Record<string, string>; baseURL?: string } = {}) => {
    let text = "";
    for await (const c of streamChatCompletion({
      baseURL: options.baseURL ?? model?.url ?? "",
      apiKey: options.apiKey,
      headers: options.headers,
      body: body(prompt),
      signal: options.signal ?? new AbortController().signal,
      http2: true,
    })) {
      text += c.choices[0]?.delta.content ?? "";
    }
    return text;
  };

  it("streams an answer, sending the same headers as HTTP/1.1 (connection headers left out)", async () => {
    await start({ http2: true, apiKey: "sk-h2" });
    expect(await call("hello", { apiKey: "sk-h2", headers: { "X-Team": "blue", Connection: "keep-alive" } })).toBe("Echo: hello");
    const [recorded] = model?.requests ?? [];
    expect(recorded?.headers).toMatchObject({ authorization: "Bearer sk-h2", "x-team": "blue", accept: "text/event-stream", ":method": "POST" });
    expect(recorded?.headers.connection).toBeUndefined();
    expect(recorded?.path).toBe("/v1/chat/completions");
  });

  it("carries many concurrent calls on one connection", async () => {
    await start();
    model?.setDefault({ chunks: 3, delayMs: 20 });
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => call(`n${i}`)));
    expect(answers).toEqual(Array.from({ length: 50 }, (_, i) => `Echo: n${i}`));
    expect(model?.connectionCount).toBe(1);
    expect(http2SessionCount(origin())).toBe(1);
  });

  it("opens another session when the server's maxConcurrentStreams is reached, instead of queueing", async () => {
    await start({ http2: { maxConcurrentStreams: 4 } });
    // Learn the server's limit first (before its SETTINGS, 100 streams per session are assumed).
    expect(await call("warm")).toBe("Echo: warm");
    // Long enough that the first four are still open when the refused ones are sent again.
    model?.setDefault({ chunks: 3, delayMs: 100 });
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => call(`n${i}`)));
    expect(answers).toHaveLength(10);
    expect(model?.connectionCount).toBe(3);
  });

  it("sends again, on a new session, calls the server refused before its SETTINGS were known", async () => {
    await start({ http2: { maxConcurrentStreams: 2 } });
    model?.setDefault({ chunks: 2, delayMs: 20 });
    const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => call(`n${i}`)));
    expect(answers).toEqual(Array.from({ length: 5 }, (_, i) => `Echo: n${i}`));
    expect(model?.requests).toHaveLength(5);
  });

  it("maps an error status and its Retry-After as on HTTP/1.1", async () => {
    await start();
    model?.script({ status: 429, errorMessage: "slow down", errorHeaders: { "retry-after": "7" } });
    const error = await call("hi").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamHttpError);
    expect(error).toMatchObject({ status: 429, message: "slow down", retryAfterSeconds: 7 });
    // The session is still good.
    expect(await call("again")).toBe("Echo: again");
    expect(model?.connectionCount).toBe(1);
  });

  it("cancels only the aborted call's stream; the others on the session go on", async () => {
    await start();
    model?.setDefault({ chunks: 4, delayMs: 40 });
    const controller = new AbortController();
    const aborted = call("gone", { signal: controller.signal }).catch((e: unknown) => e);
    const others = Promise.all([call("a"), call("b")]);
    await vi.waitFor(() => expect(model?.requests).toHaveLength(3));
    controller.abort(new Error("caller left"));
    expect(await aborted).toBeInstanceOf(Error);
    const seen = await model?.waitForAbort(2_000);
    expect(model?.requests[seen?.requestIndex ?? -1]?.body.messages?.[0]?.content).toBe("gone");
    expect(await others).toEqual(["Echo: a", "Echo: b"]);
    expect(model?.connectionCount).toBe(1);
  });

  it("fails a call cut off by the session closing mid-stream, and opens a new session for the next", async () => {
    await start();
    model?.script({ text: "one two three four", chunks: 4, delayMs: 30, dropAfterFrames: 2 });
    const error = await call("hi").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamConnectionError);
    expect((error as UpstreamConnectionError).midStream).toBe(true);
    expect(await call("next")).toBe("Echo: next");
    expect(model?.connectionCount).toBe(2);
  });

  it("fails every open call when the server drops the connection, then recovers", async () => {
    await start();
    model?.setDefault({ chunks: 10, delayMs: 50 });
    const open = [call("a"), call("b")].map((p) => p.catch((e: unknown) => e));
    await vi.waitFor(() => expect(model?.requests).toHaveLength(2));
    // Once the answers have started (10 frames 50 ms apart: far from done).
    await new Promise((r) => setTimeout(r, 80));
    // Without telling END_STREAM from a reset (markCompleteOnEndStream), these cut-off answers
    // would pass for whole ones.
    model?.dropConnections();
    for (const error of await Promise.all(open)) expect(error).toBeInstanceOf(UpstreamConnectionError);
    model?.setDefault({});
    expect(await call("next")).toBe("Echo: next");
    expect(model?.connectionCount).toBe(2);
  });

  it("reports a refused connection as a connection error before any answer", async () => {
    const closed = await start();
    model = undefined;
    await closed.close();
    const error = await call("hi", { baseURL: closed.url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamConnectionError);
    expect((error as UpstreamConnectionError).midStream).toBe(false);
    expect((error as Error).message).toContain("ECONNREFUSED");
  });

  it("fails at once, as a connection error, against a server that speaks only HTTP/1.1", async () => {
    await start({});
    const error = await call("hi").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamConnectionError);
    expect((error as UpstreamConnectionError).midStream).toBe(false);
  });

  it("closes a session left idle, and keeps a busy one", async () => {
    await start();
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    // The stream's close (which makes its session idle) follows the end of its answer.
    const settle = async () => {
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    };
    expect(await call("hi")).toBe("Echo: hi");
    await settle();
    expect(http2SessionCount(origin())).toBe(1);
    vi.advanceTimersByTime(IDLE_SESSION_MS - 1_000);
    expect(await call("still")).toBe("Echo: still");
    await settle();
    vi.advanceTimersByTime(IDLE_SESSION_MS - 1_000);
    expect(http2SessionCount(origin())).toBe(1);
    vi.advanceTimersByTime(1_000);
    expect(http2SessionCount(origin())).toBe(0);
    vi.useRealTimers();
    await vi.waitFor(() => expect(model?.openConnections).toBe(0));
    expect(model?.connectionCount).toBe(1);
  });
});
