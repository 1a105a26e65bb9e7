// biome-ignore-all lint/suspicious/noTemplateCurlyInString: agent instructions use ${name} variables
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type AgentConfig, type HttpTool, isAppError } from "@appstudio/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AgentEvent, type RunAgentInput, runAgent } from "../../../core/src/runtime/index.js";
import { type FakeModelServer, startFakeModelServer } from "../../../core/src/testing/fake-model-server.js";
import { createFetchToolHttpClient } from "../http-tool-client.js";
import { OpenAIProvider } from "./openai-provider.js";

// The whole path for real: runner -> OpenAI SDK -> HTTP -> fake model; tools over HTTP too.

interface ToolHit {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

let fake: FakeModelServer;
let provider: OpenAIProvider;
let toolServer: Server;
let toolBase: string;
const toolHits: ToolHit[] = [];

beforeAll(async () => {
  fake = await startFakeModelServer();
  provider = new OpenAIProvider({ id: "fake", baseURL: fake.url, timeoutMs: 2000 });
  toolServer = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      toolHits.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      if (req.url?.startsWith("/fail")) {
        res.writeHead(503).end("tool down");
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, got: req.url }));
    });
  });
  await new Promise<void>((r) => toolServer.listen(0, "127.0.0.1", r));
  toolBase = `http://127.0.0.1:${(toolServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await fake.close();
  await new Promise((r) => toolServer.close(r));
});

const tool = (over: Partial<HttpTool>): HttpTool => ({
  name: "weather",
  description: "Weather for a city",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  method: "GET",
  url: `${toolBase}/weather`,
  headers: { "x-tool-key": "secret" },
  timeoutMs: 2000,
  ...over,
});

const config = (over: Partial<AgentConfig> = {}): AgentConfig => ({
  model: "qwen-plus",
  instructions: "You are a helpful assistant.",
  dialogRounds: 3,
  tools: [],
  ...over,
});

const run = (over: Partial<RunAgentInput>) => runAgent({ config: config(), models: provider, prompt: "hi", toolClient: createFetchToolHttpClient(), ...over });

async function collect(events: AsyncIterable<AgentEvent>): Promise<AgentEvent[]> {
  const out: AgentEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

const final = (events: AgentEvent[]) => {
  const last = events.at(-1);
  if (last?.type !== "done") throw new Error("no done event");
  return last;
};

async function errorCode(events: AsyncIterable<AgentEvent>): Promise<string> {
  try {
    await collect(events);
  } catch (e) {
    if (isAppError(e)) return e.code;
    throw e;
  }
  return "no error";
}

const lastChat = () => fake.requests.filter((r) => r.path === "/v1/chat/completions").at(-1)?.body ?? {};

describe("runAgent over HTTP with the OpenAI adapter", () => {
  it("streams the answer as text deltas and reports usage", async () => {
    const events = await collect(run({ prompt: "ping pong" }));
    expect(events.filter((e) => e.type === "text").length).toBe(3);
    expect(final(events)).toMatchObject({ text: "Echo: ping pong", finishReason: "stop", usage: [{ modelId: "qwen-plus", outputTokens: 3 }] });
  });

  it("fills instruction variables and trims history to dialogRounds", async () => {
    const history = [1, 2, 3, 4].flatMap((n) => [
      { role: "user" as const, content: `q${n}` },
      { role: "assistant" as const, content: `a${n}` },
    ]);
    await collect(
      run({
        config: config({ instructions: "Call the user ${user_name}.", dialogRounds: 2 }),
        history,
        prompt: "q5",
        bizParams: { user_prompt_params: { user_name: "Alice" } },
      }),
    );
    expect(lastChat().messages).toEqual([
      { role: "system", content: "Call the user Alice." },
      { role: "user", content: "q3" },
      { role: "assistant", content: "a3" },
      { role: "user", content: "q4" },
      { role: "assistant", content: "a4" },
      { role: "user", content: "q5" },
    ]);
  });

  it("emits reasoning as thoughts when has_thoughts is on and passes enable_thinking", async () => {
    fake.script({ reasoning: "thinking hard", text: "done" });
    const events = await collect(run({ parameters: { hasThoughts: true, enableThinking: true } }));
    expect(lastChat().enable_thinking).toBe(true);
    expect(
      events
        .filter((e) => e.type === "reasoning")
        .map((e) => e.type === "reasoning" && e.delta)
        .join(""),
    ).toBe("thinking hard");
    expect(final(events).thoughts).toEqual([{ actionType: "reasoning", action: "reasoning", actionName: "思考过程", thought: "thinking hard" }]);
  });

  it("runs the tool loop: GET tool with query args and pass-through params, result fed back to the model", async () => {
    toolHits.length = 0;
    fake.script(
      { toolCalls: [{ id: "call_1", name: "weather", arguments: { city: "Hangzhou" } }], usage: { promptTokens: 10, completionTokens: 5 } },
      (req) => {
        const toolMessage = req.body.messages?.find((m) => m.role === "tool");
        return { text: `It is sunny. (${String(toolMessage?.content)})`, usage: { promptTokens: 20, completionTokens: 7 } };
      },
    );
    const events = await collect(
      run({
        config: config({ tools: [tool({})] }),
        prompt: "Weather in Hangzhou?",
        bizParams: { user_defined_params: { weather: { unit: "celsius", city: "Beijing-from-caller" } } },
        parameters: { hasThoughts: true },
      }),
    );
    expect(toolHits).toHaveLength(1);
    const hit = toolHits[0] as ToolHit;
    expect(hit.method).toBe("GET");
    const url = new URL(hit.url, toolBase);
    expect(Object.fromEntries(url.searchParams)).toEqual({ city: "Beijing-from-caller", unit: "celsius" });
    expect(hit.headers["x-tool-key"]).toBe("secret");

    const toolEvent = events.find((e) => e.type === "tool_call");
    expect(toolEvent).toMatchObject({
      thought: { actionType: "api", action: "weather", actionName: "weather", actionInput: { city: "Beijing-from-caller", unit: "celsius" } },
    });
    const secondCall = lastChat();
    expect(secondCall.messages?.slice(-2)).toEqual([
      { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "weather", arguments: '{"city":"Hangzhou"}' } }] },
      { role: "tool", tool_call_id: "call_1", content: expect.stringContaining('"ok":true') },
    ]);
    const done = final(events);
    expect(done.text).toMatch(/^It is sunny\./);
    expect(done.usage).toEqual([{ modelId: "qwen-plus", inputTokens: 30, outputTokens: 12 }]);
  });

  it("sends POST tool arguments as JSON and shows tool failures to the model instead of failing", async () => {
    toolHits.length = 0;
    fake.script(
      {
        toolCalls: [
          { id: "p", name: "create", arguments: { title: "x" } },
          { id: "f", name: "broken", arguments: {} },
        ],
      },
      { text: "Created, but the other tool is down." },
    );
    const events = await collect(
      run({
        config: config({ tools: [tool({ name: "create", method: "POST", url: `${toolBase}/items` }), tool({ name: "broken", url: `${toolBase}/fail` })] }),
      }),
    );
    const post = toolHits.find((h) => h.method === "POST");
    expect(post && JSON.parse(post.body)).toEqual({ title: "x" });
    expect(post?.headers["content-type"]).toBe("application/json");
    const toolMessages = lastChat().messages?.filter((m) => m.role === "tool");
    expect(toolMessages?.[1]).toEqual({ role: "tool", tool_call_id: "f", content: "Error: the tool returned HTTP 503: tool down" });
    expect(final(events).text).toBe("Created, but the other tool is down.");
  });

  it("refuses tool URLs that are not http(s)", async () => {
    fake.script({ toolCalls: [{ id: "x", name: "weather", arguments: {} }] }, { text: "ok" });
    await collect(run({ config: config({ tools: [tool({ url: "file:///etc/passwd" })] }) }));
    expect(lastChat().messages?.find((m) => m.role === "tool")?.content).toMatch(/refused to call 'file:' URL/);
  });

  it("maps upstream failures to DashScope codes", async () => {
    fake.script({ status: 429 });
    expect(await errorCode(run({}))).toBe("Throttling.RateQuota");
    fake.script({ status: 500 });
    expect(await errorCode(run({}))).toBe("ModelServiceFailed");
    fake.script({ dropAfterFrames: 2 });
    expect(await errorCode(run({}))).toBe("ModelServiceFailed");
    const impatient = new OpenAIProvider({ id: "fake", baseURL: fake.url, timeoutMs: 150 });
    fake.script({ delayMs: 3000 });
    expect(await errorCode(run({ models: impatient }))).toBe("RequestTimeOut");
    await fake.waitForAbort();
  });

  it("aborts the upstream request within a second when the consumer breaks", async () => {
    fake.script({ text: "a b c d e f", chunks: 6, delayMs: 300 });
    let brokeAt = 0;
    for await (const e of run({})) {
      if (e.type === "text") {
        brokeAt = Date.now();
        break;
      }
    }
    const abort = await fake.waitForAbort(1000);
    expect(abort.at - brokeAt).toBeLessThan(1000);
  });

  it("aborts the upstream request when the caller's signal aborts while waiting for a chunk", async () => {
    const controller = new AbortController();
    fake.script({ firstByteDelayMs: 5000 });
    const pending = collect(run({ signal: controller.signal }));
    setTimeout(() => controller.abort(new Error("client disconnected")), 100);
    await expect(pending).rejects.toThrow("client disconnected");
    await fake.waitForAbort(1000);
  });
});
