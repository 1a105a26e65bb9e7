import { testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DashScopeFixture, parseSse, startDashScopeFixture } from "../support/dashscope-fixture.js";

describe.each(testDialects())("app completion (%s)", (dialect) => {
  let f: DashScopeFixture;
  let appId: string;
  let key: string;
  beforeAll(async () => {
    f = await startDashScopeFixture({ dialect });
    appId = await f.publishAgent();
    key = (await f.createKey()).secret;
  });
  afterAll(() => f?.close());

  it("answers a single turn as JSON with the DashScope envelope", async () => {
    const res = await f.complete(appId, key, { input: { prompt: "hello" }, parameters: {}, debug: {}, model: "" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const body = await res.json();
    expect(body.output.text).toBe("Echo: hello");
    expect(body.output.finish_reason).toBe("stop");
    expect(body.output.session_id).toMatch(/^[0-9a-f]{32}$/);
    expect(body.usage.models[0].model_id).toBe("fake-model");
    expect(body.usage.models[0].input_tokens).toBeGreaterThan(0);
    expect(body.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("x-request-id")).toBe(body.request_id);
    expect(body.output.thoughts).toBeUndefined();
  });

  it("continues a conversation through session_id", async () => {
    const first = await (await f.complete(appId, key, { input: { prompt: "my name is Ada" } })).json();
    const before = f.model.requests.length;
    const second = await (await f.complete(appId, key, { input: { prompt: "what is my name?", session_id: first.output.session_id } })).json();
    expect(second.output.session_id).toBe(first.output.session_id);
    const sent = f.model.requests[before]!.body.messages as { role: string; content: string }[];
    expect(sent.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(sent[1]!.content).toBe("my name is Ada");
    expect(sent[2]!.content).toBe("Echo: my name is Ada");
  });

  it("uses caller messages over session_id and appends the prompt", async () => {
    const before = f.model.requests.length;
    const res = await f.complete(appId, key, {
      input: {
        messages: [
          { role: "user", content: "a" },
          { role: "assistant", content: "b" },
        ],
        prompt: "c",
        session_id: "0".repeat(32),
      },
    });
    const body = await res.json();
    expect(body.output.text).toBe("Echo: c");
    expect(body.output.session_id).not.toBe("0".repeat(32));
    const sent = f.model.requests[before]!.body.messages as { role: string; content: string }[];
    expect(sent.slice(1).map((m) => m.content)).toEqual(["a", "b", "c"]);
  });

  it("streams with exact SSE framing, full text by default", async () => {
    f.model.script({ text: "Hello there, friend", chunks: 3 });
    const res = await f.complete(appId, key, { input: { prompt: "hi" } }, { "X-DashScope-SSE": "enable" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream;charset=UTF-8");
    const text = await res.text();
    expect(text).toMatch(/^id:1\nevent:result\n:HTTP_STATUS\/200\ndata:\{/);
    expect(text).not.toContain("[DONE]");
    const events = parseSse(text);
    const texts = events.map((e) => e.data.output.text as string);
    expect(texts.length).toBe(4);
    for (const [i, t] of texts.slice(1).entries()) expect(t.startsWith(texts[i]!)).toBe(true);
    expect(texts.at(-1)).toBe("Hello there, friend");
    expect(events.map((e) => e.data.output.finish_reason)).toEqual(["null", "null", "null", "stop"]);
    expect(events.map((e) => e.id)).toEqual(["1", "2", "3", "4"]);
    expect(new Set(events.map((e) => e.data.output.session_id)).size).toBe(1);
    expect(events.at(-1)!.data.usage.models[0].model_id).toBe("fake-model");
  });

  it("streams deltas with incremental_output and ends with an empty text", async () => {
    f.model.script({ text: "Hello there", chunks: 2 });
    const res = await f.complete(appId, key, { input: { prompt: "hi" }, parameters: { incremental_output: true } }, { Accept: "text/event-stream" });
    const events = parseSse(await res.text());
    const texts = events.map((e) => e.data.output.text as string);
    expect(texts).toHaveLength(3);
    expect(texts.join("")).toBe("Hello there");
    expect(texts.at(-1)).toBe("");
    expect(events.at(-1)!.data.output.finish_reason).toBe("stop");
  });

  it("fills ${variables} of the instructions from user_prompt_params", async () => {
    const id = await f.publishAgent({ instructions: "Greet ${user_name} in a ${tone} tone." });
    const before = f.model.requests.length;
    await f.complete(id, key, { input: { prompt: "hi", biz_params: { user_prompt_params: { user_name: "Alice", tone: "friendly" } } } });
    const sent = f.model.requests[before]!.body.messages as { role: string; content: string }[];
    expect(sent[0]!.content).toBe("Greet Alice in a friendly tone.");
  });

  it("passes per-call parameters over the app's", async () => {
    const before = f.model.requests.length;
    await f.complete(appId, key, { input: { prompt: "x" }, parameters: { temperature: 0.3, top_p: 0.5, seed: 7, max_tokens: 20, model_id: "other-model" } });
    const sent = f.model.requests[before]!.body;
    expect(sent).toMatchObject({ temperature: 0.3, top_p: 0.5, seed: 7, model: "other-model" });
  });
});
