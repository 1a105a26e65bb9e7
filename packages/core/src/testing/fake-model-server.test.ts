import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeModelServer, startFakeModelServer } from "./fake-model-server.js";

let fake: FakeModelServer;
beforeAll(async () => {
  fake = await startFakeModelServer();
});
afterAll(() => fake.close());

const chat = (body: object) =>
  fetch(`${fake.url}/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("startFakeModelServer", () => {
  it("echoes the last user message without streaming", async () => {
    const res = await chat({ model: "m", messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }] });
    const json = (await res.json()) as { choices: { message: { content: string } }[]; usage: { prompt_tokens: number } };
    expect(json.choices[0]?.message.content).toBe("Echo: hi");
    expect(json.usage.prompt_tokens).toBe(1);
    expect(fake.requests.at(-1)?.body.model).toBe("m");
  });

  it("streams OpenAI-style SSE ending in [DONE]", async () => {
    fake.script({ text: "abcd", chunks: 2, toolCalls: [{ name: "f", arguments: { a: 1 } }] });
    const text = await (await chat({ stream: true, messages: [] })).text();
    const frames = text.split("\n\n").filter(Boolean);
    expect(frames.at(-1)).toBe("data: [DONE]");
    expect(text).toContain('"content":"ab"');
    expect(text).toContain('"finish_reason":"tool_calls"');
  });

  it("serves GET /v1/models and scripted errors", async () => {
    const models = (await (await fetch(`${fake.url}/models`)).json()) as { data: { id: string }[] };
    expect(models.data.map((m) => m.id)).toContain("qwen-plus");
    fake.script({ status: 429 });
    expect((await chat({ messages: [] })).status).toBe(429);
  });

  it("records a client that goes away mid-reply", async () => {
    fake.script({ delayMs: 2000 });
    const res = await chat({ stream: true, messages: [] });
    const reader = res.body?.getReader();
    await reader?.read();
    await reader?.cancel();
    expect((await fake.waitForAbort(1000)).requestIndex).toBe(fake.requests.length - 1);
  });
});
