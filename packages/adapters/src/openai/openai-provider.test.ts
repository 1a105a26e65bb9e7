import { type AppError, type ChatChunk, type ChatRequest, isAppError } from "@appstudio/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeModelServer, startFakeModelServer } from "../../../core/src/testing/fake-model-server.js";
import { OpenAIProvider } from "./openai-provider.js";

let fake: FakeModelServer;
let provider: OpenAIProvider;

beforeAll(async () => {
  fake = await startFakeModelServer({ apiKey: "sk-test" });
  provider = new OpenAIProvider({ id: "fake", baseURL: fake.url, apiKey: "sk-test", timeoutMs: 2000 });
});
afterAll(() => fake.close());

const request = (over: Partial<ChatRequest> = {}): ChatRequest => ({
  model: "fake-model",
  messages: [{ role: "user", content: "hello there" }],
  signal: new AbortController().signal,
  ...over,
});

async function collect(stream: AsyncIterable<ChatChunk>): Promise<ChatChunk[]> {
  const out: ChatChunk[] = [];
  for await (const c of stream) out.push(c);
  return out;
}

async function failure(stream: AsyncIterable<ChatChunk>): Promise<AppError> {
  try {
    await collect(stream);
  } catch (e) {
    if (isAppError(e)) return e;
    throw e;
  }
  throw new Error("expected the stream to fail");
}

const lastBody = () => fake.requests.at(-1)?.body ?? {};

describe("OpenAIProvider.stream", () => {
  it("streams text deltas and ends with usage", async () => {
    const chunks = await collect(provider.stream(request()));
    expect(
      chunks
        .filter((c) => c.type === "text")
        .map((c) => c.type === "text" && c.delta)
        .join(""),
    ).toBe("Echo: hello there");
    expect(chunks.filter((c) => c.type === "text").length).toBe(3);
    expect(chunks.at(-1)).toEqual({ type: "end", finishReason: "stop", usage: { inputTokens: 2, outputTokens: 3 } });
  });

  it("relays each delta as it arrives instead of buffering the reply", async () => {
    fake.script({ text: "abc", chunks: 3, delayMs: 150 });
    const started = Date.now();
    let firstAt = 0;
    for await (const c of provider.stream(request())) if (c.type === "text" && !firstAt) firstAt = Date.now() - started;
    const total = Date.now() - started;
    expect(total - firstAt).toBeGreaterThanOrEqual(250);
  });

  it("always asks for usage and passes sampling fields, top_k and enable_thinking in the body", async () => {
    await collect(provider.stream(request({ temperature: 0.3, topP: 0.8, topK: 20, seed: 7, maxTokens: 64, enableThinking: true })));
    expect(lastBody()).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.3,
      top_p: 0.8,
      top_k: 20,
      seed: 7,
      max_tokens: 64,
      enable_thinking: true,
    });
    await collect(provider.stream(request()));
    expect(Object.keys(lastBody()).sort()).toEqual(["messages", "model", "stream", "stream_options"]);
  });

  it("sends images as image_url parts and tool history in OpenAI shape", async () => {
    await collect(
      provider.stream(
        request({
          messages: [
            {
              role: "user",
              content: [
                { type: "text", text: "see" },
                { type: "image_url", imageUrl: "data:image/png;base64,AA==" },
              ],
            },
            { role: "assistant", content: "", toolCalls: [{ id: "c1", name: "f", arguments: "{}" }] },
            { role: "tool", toolCallId: "c1", content: "42" },
          ],
        }),
      ),
    );
    expect(lastBody().messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "see" },
          { type: "image_url", image_url: { url: "data:image/png;base64,AA==" } },
        ],
      },
      { role: "assistant", content: null, tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: "{}" } }] },
      { role: "tool", tool_call_id: "c1", content: "42" },
    ]);
  });

  it("turns reasoning_content deltas into reasoning chunks", async () => {
    fake.script({ reasoning: "let me think", text: "42" });
    const chunks = await collect(provider.stream(request()));
    expect(
      chunks
        .filter((c) => c.type === "reasoning")
        .map((c) => c.type === "reasoning" && c.delta)
        .join(""),
    ).toBe("let me think");
    expect(chunks.findIndex((c) => c.type === "reasoning")).toBeLessThan(chunks.findIndex((c) => c.type === "text"));
  });

  it("assembles tool calls streamed in fragments", async () => {
    fake.script({
      toolCalls: [
        { name: "weather", arguments: { city: "Hangzhou", days: 3 }, id: "call_a" },
        { name: "time", arguments: "{}", id: "call_b" },
      ],
      argumentFragments: 4,
    });
    const chunks = await collect(provider.stream(request({ tools: [{ name: "weather", description: "w", parameters: { type: "object" } }] })));
    expect(chunks.filter((c) => c.type === "tool_call")).toEqual([
      { type: "tool_call", call: { id: "call_a", name: "weather", arguments: '{"city":"Hangzhou","days":3}' } },
      { type: "tool_call", call: { id: "call_b", name: "time", arguments: "{}" } },
    ]);
    expect(chunks.at(-1)).toMatchObject({ type: "end", finishReason: "tool_calls" });
    expect(lastBody().tools).toEqual([{ type: "function", function: { name: "weather", description: "w", parameters: { type: "object" } } }]);
  });

  it("maps 429 to Throttling.RateQuota, passing on the upstream's Retry-After", async () => {
    fake.script({ status: 429 });
    const plain = await failure(provider.stream(request()));
    expect(plain).toMatchObject({ code: "Throttling.RateQuota", message: "Requests rate limit exceeded, please try again later.", details: undefined });
    fake.script({ status: 429, errorHeaders: { "retry-after": "7" } });
    expect((await failure(provider.stream(request()))).details).toEqual({ retryAfterSeconds: 7 });
    fake.script({ status: 429, errorHeaders: { "retry-after-ms": "1500", "retry-after": "60" } });
    expect((await failure(provider.stream(request()))).details).toEqual({ retryAfterSeconds: 2 });
  });

  it("maps 500 to ModelServiceFailed and does not retry", async () => {
    const before = fake.requests.length;
    fake.script({ status: 500, errorMessage: "boom" });
    const e = await failure(provider.stream(request()));
    expect(e.code).toBe("ModelServiceFailed");
    // The documented message for the caller; what the upstream said is only in the diagnostic.
    expect(e.message).toBe("Failed to request model service.");
    expect(e.diagnostic).toBe("model provider 'fake' answered HTTP 500: boom");
    expect(fake.requests.length - before).toBe(1);
  });

  it("maps 400 to InvalidParameter, the upstream message in the diagnostic only", async () => {
    fake.script({ status: 400, errorMessage: "Range of top_p should be (0.0, 1.0]" });
    const e = await failure(provider.stream(request()));
    expect(e).toMatchObject({
      code: "InvalidParameter",
      message: expect.not.stringContaining("top_p"),
      diagnostic: expect.stringContaining("Range of top_p should be (0.0, 1.0]"),
    });
  });

  it("maps rejected credentials to ModelServiceFailed naming the provider's key", async () => {
    const wrongKey = new OpenAIProvider({ id: "fake", baseURL: fake.url, apiKey: "sk-wrong" });
    const e = await failure(wrongKey.stream(request()));
    expect(e.code).toBe("ModelServiceFailed");
    expect(e.message).toBe("Failed to request model service.");
    expect(e.diagnostic).toMatch(/answered HTTP 401: it rejected its credentials/);
  });

  it("maps a connection dropped mid-stream to ModelServiceFailed", async () => {
    fake.script({ dropAfterFrames: 2 });
    expect((await failure(provider.stream(request()))).code).toBe("ModelServiceFailed");
  });

  it("maps an unreachable server to ModelServiceFailed", async () => {
    const other = await startFakeModelServer();
    await other.close();
    const gone = new OpenAIProvider({ id: "gone", baseURL: other.url });
    const e = await failure(gone.stream(request()));
    expect(e.code).toBe("ModelServiceFailed");
    expect(e.message).toBe("Failed to request model service.");
    expect(e.diagnostic).toMatch(/^cannot connect to model provider 'gone': .*ECONNREFUSED 127\.0\.0\.1/);
  });

  it("times out a model that is slow to answer or stalls mid-stream", async () => {
    const impatient = new OpenAIProvider({ id: "fake", baseURL: fake.url, apiKey: "sk-test", timeoutMs: 200 });
    fake.script({ firstByteDelayMs: 5000 });
    expect((await failure(impatient.stream(request()))).code).toBe("RequestTimeOut");
    await fake.waitForAbort();
    fake.script({ delayMs: 5000 });
    const started = Date.now();
    expect((await failure(impatient.stream(request()))).code).toBe("RequestTimeOut");
    expect(Date.now() - started).toBeLessThan(2000);
    await fake.waitForAbort();
  });

  it("does not count a slow consumer's time, and still times out a stall after it", async () => {
    const impatient = new OpenAIProvider({ id: "fake", baseURL: fake.url, apiKey: "sk-test", timeoutMs: 200 });
    // The consumer holds each chunk longer than the idle timeout: no timeout.
    fake.script({ text: "one two three", chunks: 3, delayMs: 20 });
    const texts: string[] = [];
    for await (const c of impatient.stream(request())) {
      if (c.type === "text") texts.push(c.delta);
      await new Promise((ok) => setTimeout(ok, 300));
    }
    expect(texts.join("")).toBe("one two three");
    // The timer that ran out while the consumer held the first chunk is armed again for the stall.
    fake.script({ text: "one two", chunks: 2, delayMs: 5000 });
    const started = Date.now();
    const e = await failure(
      (async function* () {
        for await (const c of impatient.stream(request())) {
          yield c;
          await new Promise((ok) => setTimeout(ok, 300));
        }
      })(),
    );
    expect(e.code).toBe("RequestTimeOut");
    expect(Date.now() - started).toBeLessThan(2000);
    await fake.waitForAbort();
  });

  it("aborts the upstream request within a second when the consumer stops reading", async () => {
    fake.script({ text: "one two three four", chunks: 4, delayMs: 300 });
    const stoppedAt = await (async () => {
      for await (const c of provider.stream(request())) if (c.type === "text") return Date.now();
      throw new Error("no text");
    })();
    const abort = await fake.waitForAbort(1000);
    expect(abort.at - stoppedAt).toBeLessThan(1000);
  });

  it("rethrows the caller's abort reason and aborts upstream", async () => {
    const controller = new AbortController();
    fake.script({ text: "slow", chunks: 4, delayMs: 300 });
    const run = collect(provider.stream(request({ signal: controller.signal })));
    setTimeout(() => controller.abort(new Error("client went away")), 100);
    await expect(run).rejects.toThrow("client went away");
    await fake.waitForAbort(1000);
  });
});

describe("OpenAIProvider.listModels / testConnection", () => {
  it("lists the upstream's models", async () => {
    expect(await provider.listModels()).toEqual([
      { id: "fake-model", ownedBy: "fake" },
      { id: "qwen-plus", ownedBy: "fake" },
    ]);
  });

  it("reports success and failure without throwing", async () => {
    expect(await provider.testConnection()).toMatchObject({ ok: true, modelCount: 2 });
    const wrongKey = new OpenAIProvider({ id: "fake", baseURL: fake.url, apiKey: "sk-wrong" });
    const result = await wrongKey.testConnection();
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/credentials/);
  });
});
