// biome-ignore-all lint/suspicious/noTemplateCurlyInString: agent instructions use ${name} variables
import { describe, expect, it } from "vitest";
import type { AgentConfig, HttpTool } from "../apps/app-types.js";
import { isAppError } from "../errors.js";
import type { ChatChunk } from "../ports/model-provider.js";
import type { ToolHttpClient, ToolHttpRequest } from "../ports/tool-http-client.js";
import { ScriptedModelProvider } from "../testing/scripted-model-provider.js";
import type { AgentEvent } from "./agent-events.js";
import { MAX_TOOL_ROUNDS, runAgent } from "./run-agent.js";
import { createStaticModelRouter } from "./static-model-router.js";

const config = (over: Partial<AgentConfig> = {}): AgentConfig => ({
  model: "qwen-plus",
  instructions: "You help ${name}.",
  dialogRounds: 3,
  tools: [],
  ...over,
});

const weather: HttpTool = {
  name: "weather",
  description: "Weather by city",
  parameters: { type: "object", properties: { city: { type: "string" } } },
  method: "GET",
  url: "http://tools.invalid/weather",
  headers: {},
  timeoutMs: 1000,
};

const toolCall = (name: string, args: string, id = "c1"): ChatChunk => ({ type: "tool_call", call: { id, name, arguments: args } });

function recordingToolClient(): ToolHttpClient & { calls: ToolHttpRequest[] } {
  const calls: ToolHttpRequest[] = [];
  return {
    calls,
    request: async (req) => {
      calls.push(req);
      return { status: 200, body: '{"temp":21}' };
    },
  };
}

async function collect(events: AsyncIterable<AgentEvent>): Promise<AgentEvent[]> {
  const out: AgentEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

const done = (events: AgentEvent[]) => {
  const last = events.at(-1);
  if (last?.type !== "done") throw new Error("no done event");
  return last;
};

describe("runAgent", () => {
  it("streams text, renders instructions and reports usage under the model ID", async () => {
    const provider = new ScriptedModelProvider().script([
      { type: "text", delta: "Hel" },
      { type: "text", delta: "lo" },
      { type: "end", finishReason: "stop", usage: { inputTokens: 7, outputTokens: 2 } },
    ]);
    const events = await collect(runAgent({ config: config(), models: provider, prompt: "hi", bizParams: { user_prompt_params: { name: "Bo" } } }));
    expect(events.slice(0, 2)).toEqual([
      { type: "text", delta: "Hel" },
      { type: "text", delta: "lo" },
    ]);
    expect(done(events)).toMatchObject({
      text: "Hello",
      finishReason: "stop",
      usage: [{ modelId: "qwen-plus", inputTokens: 7, outputTokens: 2 }],
      thoughts: [],
    });
    expect(provider.requests[0]?.messages[0]).toEqual({ role: "system", content: "You help Bo." });
  });

  it("lets per-call parameters win over the app's and leaves unset ones out", async () => {
    const provider = new ScriptedModelProvider();
    await collect(
      runAgent({
        config: config({ temperature: 0.2, topP: 0.5, maxTokens: 100, enableThinking: false }),
        models: provider,
        prompt: "hi",
        parameters: { temperature: 0.9, topK: 5, seed: 42, enableThinking: true },
      }),
    );
    const { signal: _signal, messages: _messages, ...req } = provider.requests[0] ?? { signal: null, messages: null };
    expect(req).toEqual({ model: "qwen-plus", temperature: 0.9, topP: 0.5, topK: 5, maxTokens: 100, seed: 42, enableThinking: true });
  });

  it("resolves model_id overrides through a router and names the fix for unknown models", async () => {
    const provider = new ScriptedModelProvider();
    const router = createStaticModelRouter([{ provider, models: ["qwen-max", "ollama/*"] }]);
    const events = await collect(runAgent({ config: config(), models: router, prompt: "hi", parameters: { modelId: "ollama/llama3.2" } }));
    expect(provider.requests[0]?.model).toBe("llama3.2");
    expect(done(events).usage[0]?.modelId).toBe("ollama/llama3.2");

    const run = collect(runAgent({ config: config(), models: router, prompt: "hi" }));
    await expect(run).rejects.toSatisfy((e) => isAppError(e) && e.code === "ModelNotConfigured" && /DASHSCOPE_API_KEY/.test(e.message));
  });

  it("hides reasoning unless has_thoughts is set", async () => {
    const turn: ChatChunk[] = [
      { type: "reasoning", delta: "think" },
      { type: "text", delta: "ok" },
    ];
    const quiet = await collect(runAgent({ config: config(), models: new ScriptedModelProvider().script(turn), prompt: "q" }));
    expect(quiet.map((e) => e.type)).toEqual(["text", "done"]);
    const loud = await collect(
      runAgent({ config: config(), models: new ScriptedModelProvider().script(turn), prompt: "q", parameters: { hasThoughts: true } }),
    );
    expect(loud.map((e) => e.type)).toEqual(["reasoning", "text", "done"]);
    expect(done(loud).thoughts).toEqual([{ actionType: "reasoning", action: "reasoning", actionName: "思考过程", thought: "think" }]);
  });

  it("turns unknown tools and bad arguments into observations the model sees", async () => {
    const provider = new ScriptedModelProvider().script(
      [toolCall("nope", "{}", "a"), toolCall("weather", "{not json", "b")],
      [{ type: "text", delta: "sorry" }],
    );
    const tools = recordingToolClient();
    const events = await collect(
      runAgent({ config: config({ tools: [weather] }), models: provider, prompt: "q", toolClient: tools, parameters: { hasThoughts: true } }),
    );
    expect(tools.calls).toHaveLength(0);
    const toolMessages = provider.requests[1]?.messages.filter((m) => m.role === "tool");
    expect(toolMessages).toEqual([
      { role: "tool", toolCallId: "a", content: "Error: there is no tool named 'nope'." },
      { role: "tool", toolCallId: "b", content: expect.stringMatching(/^Error: tool arguments are not valid JSON/) },
    ]);
    expect(done(events).text).toBe("sorry");
  });

  it(`stops offering tools after ${MAX_TOOL_ROUNDS} rounds and ends with the final answer`, async () => {
    const provider = new ScriptedModelProvider();
    for (let i = 0; i <= MAX_TOOL_ROUNDS; i++) provider.script([toolCall("weather", '{"city":"x"}', `c${i}`)]);
    const tools = recordingToolClient();
    const events = await collect(runAgent({ config: config({ tools: [weather] }), models: provider, prompt: "q", toolClient: tools }));
    expect(tools.calls).toHaveLength(MAX_TOOL_ROUNDS);
    expect(provider.requests.map((r) => r.toolChoice)).toEqual([...Array(MAX_TOOL_ROUNDS).fill("auto"), "none"]);
    expect(done(events).usage[0]).toEqual({ modelId: "qwen-plus", inputTokens: MAX_TOOL_ROUNDS + 1, outputTokens: MAX_TOOL_ROUNDS + 1 });
  });

  it("closes the provider stream when the consumer stops early (the provider cancels its request)", async () => {
    const provider = new ScriptedModelProvider().script([
      { type: "text", delta: "a" },
      { type: "text", delta: "b" },
    ]);
    for await (const e of runAgent({ config: config(), models: provider, prompt: "q" })) {
      expect(e).toEqual({ type: "text", delta: "a" });
      break;
    }
    expect(provider.stoppedEarly).toBe(1);
  });

  it("ends with the abort reason when the caller's signal aborts", async () => {
    const controller = new AbortController();
    const provider = new ScriptedModelProvider().script([
      { type: "text", delta: "a" },
      { type: "text", delta: "b" },
    ]);
    const run = (async () => {
      for await (const _ of runAgent({ config: config(), models: provider, prompt: "q", signal: controller.signal }))
        controller.abort(new Error("client gone"));
    })();
    await expect(run).rejects.toThrow("client gone");
  });
});
