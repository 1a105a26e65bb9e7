import { testDialects } from "@appstudio/storage/testing";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DashScopeFixture, startDashScopeFixture } from "../support/dashscope-fixture.js";
import { seedDocument, seedKnowledgeBase } from "../support/knowledge-seed.js";
import { chatClient } from "../support/openai-clients.js";
import { publishWorkflow, startLlmEnd } from "../support/workflow-fixture.js";

const OFFICE = "The office opens at 9 am on weekdays.";

type Extension = { appstudio?: { doc_references?: { doc_id: string; index_id: string }[]; thoughts?: { action_type: string }[] } };

/** Chat Completions with an app as the model, and the model list, through the official `openai` SDK. */
describe.each(testDialects())("OpenAI Chat Completions for apps (%s)", (dialect) => {
  let f: DashScopeFixture;
  let key: string;
  let agent: string;
  let openai: OpenAI;
  const lastModelRequest = () => f.model.requests.filter((r) => r.path === "/v1/chat/completions").at(-1)?.body;

  beforeAll(async () => {
    f = await startDashScopeFixture({ dialect });
    agent = await f.publishAgent({ instructions: "You are the app." }, `chat-agent-${dialect}`);
    key = (await f.createKey()).secret;
    openai = chatClient(f.server.url, key);
  });
  afterAll(() => f?.close());

  it("answers JSON with the app as the model: messages are the history, sampling parameters reach the model", async () => {
    f.model.script({ text: "Paris.", usage: { promptTokens: 11, completionTokens: 1 } });
    const completion = await openai.chat.completions.create({
      model: agent,
      messages: [
        { role: "developer", content: "Be brief." },
        { role: "user", content: "Capital of Italy?" },
        { role: "assistant", content: "Rome." },
        { role: "user", content: [{ type: "text", text: "And France?" }] },
      ],
      temperature: 0.3,
      top_p: 0.5,
      max_completion_tokens: 50,
      seed: 7,
      user: "ignored",
    });
    expect(completion).toMatchObject({
      object: "chat.completion",
      model: agent,
      choices: [{ index: 0, message: { role: "assistant", content: "Paris.", refusal: null }, finish_reason: "stop", logprobs: null }],
      usage: { prompt_tokens: 11, completion_tokens: 1, total_tokens: 12 },
    });
    expect(completion.id).toMatch(/^chatcmpl-/);
    expect(lastModelRequest()?.messages).toEqual([
      { role: "system", content: "You are the app." },
      { role: "system", content: "Be brief." },
      { role: "user", content: "Capital of Italy?" },
      { role: "assistant", content: "Rome." },
      { role: "user", content: "And France?" },
    ]);
    expect(lastModelRequest()).toMatchObject({ temperature: 0.3, top_p: 0.5, max_tokens: 50, seed: 7 });
  });

  it("streams chunks ending in [DONE], with the usage chunk when include_usage is set", async () => {
    f.model.script({ text: "a b c", chunks: 3, usage: { promptTokens: 4, completionTokens: 3 } });
    const stream = await openai.chat.completions.create({
      model: `app:chat-agent-${dialect}`,
      messages: [{ role: "user", content: "go" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks[0]?.choices[0]?.delta.role).toBe("assistant");
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? "").join("")).toBe("a b c");
    const finish = chunks.findIndex((c) => c.choices[0]?.finish_reason === "stop");
    expect(finish).toBe(chunks.length - 2);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 4, completion_tokens: 3, total_tokens: 7 } });
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);

    const raw = await fetch(`${f.server.url}/compatible-mode/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: agent, messages: [{ role: "user", content: "x" }], stream: true }),
    });
    expect(raw.headers.get("content-type")).toContain("text/event-stream");
    const text = await raw.text();
    expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
    expect(text).not.toContain('"usage"');
  });

  it("lists the apps the key can call as models, by ID and alias; a narrowed key sees only its apps", async () => {
    const list = await openai.models.list();
    const ids = list.data.map((m) => m.id);
    expect(ids).toContain(agent);
    expect(list.data.find((m) => m.id === agent)).toMatchObject({
      object: "model",
      owned_by: f.workspaceId,
      appstudio: { alias: `app:chat-agent-${dialect}`, type: "agent" },
    });
    await f.server.call("POST", "/manage/v1/apps", {
      token: f.server.adminToken,
      body: { workspaceId: f.workspaceId, type: "agent", name: "never-published" },
    });
    expect((await openai.models.list()).data.some((m) => (m as unknown as { appstudio: { name: string } }).appstudio.name === "never-published")).toBe(false);
    const narrow = await f.createKey({ appAllowlist: [agent] });
    expect((await chatClient(f.server.url, narrow.secret).models.list()).data.map((m) => m.id)).toEqual([agent]);
  });

  it("serves workflow apps", async () => {
    const flow = await publishWorkflow(f, startLlmEnd());
    f.model.script({ text: "from the flow", chunks: 2 });
    const stream = await openai.chat.completions.create({ model: flow, messages: [{ role: "user", content: "run" }], stream: true });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toBe("from the flow");
    f.model.script({ text: "flow json" });
    const json = await openai.chat.completions.create({ model: flow, messages: [{ role: "user", content: "run" }] });
    expect(json.choices[0]?.message.content).toBe("flow json");
  });

  it("carries citations and, on request, thoughts and reasoning in the appstudio field", async () => {
    const kb = await seedKnowledgeBase(f.server, f.workspaceId);
    const doc = await seedDocument(f.server, { id: kb, workspaceId: f.workspaceId }, { name: "Handbook.pdf", chunks: [{ text: OFFICE, page: 3 }] });
    const rag = await f.publishAgent({ knowledge: { knowledgeBaseIds: [kb], showSources: true } });
    f.model.script({ text: "At 9<ref>[1]</ref>.", reasoning: "Look it up." });
    const json = (await openai.chat.completions.create({
      model: rag,
      messages: [{ role: "user", content: "When does the office open?" }],
      appstudio: { has_thoughts: true },
    } as never)) as OpenAI.Chat.Completions.ChatCompletion & Extension;
    expect(json.appstudio?.doc_references).toEqual([expect.objectContaining({ index_id: "1", doc_id: doc, doc_name: "Handbook.pdf" })]);
    expect(json.appstudio?.thoughts?.map((t) => t.action_type)).toEqual(expect.arrayContaining(["agentRag", "reasoning"]));
    expect((json.choices[0]?.message as { reasoning_content?: string } | undefined)?.reasoning_content).toBe("Look it up.");

    f.model.script({ text: "At 9<ref>[1]</ref>.", chunks: 2 });
    const stream = await openai.chat.completions.create({
      model: rag,
      messages: [{ role: "user", content: "When does the office open?" }],
      stream: true,
      appstudio: { has_thoughts: true },
    } as never);
    const chunks = [] as (OpenAI.Chat.Completions.ChatCompletionChunk & Extension)[];
    for await (const chunk of stream as unknown as AsyncIterable<(typeof chunks)[number]>) chunks.push(chunk);
    expect(chunks[0]?.appstudio?.thoughts?.[0]?.action_type).toBe("agentRag");
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe("stop");
    expect(chunks.at(-1)?.appstudio?.doc_references?.[0]?.doc_id).toBe(doc);

    f.model.script({ text: "plain" });
    const plain = (await openai.chat.completions.create({
      model: rag,
      messages: [{ role: "user", content: "office" }],
    })) as OpenAI.Chat.Completions.ChatCompletion & Extension;
    expect(plain.appstudio?.thoughts).toBeUndefined();
  });

  it("refuses a bad body and unsupported parameters with OpenAI's error shape, naming the parameter", async () => {
    const expectBadRequest = async (body: Record<string, unknown>, param: string | null, code?: string) => {
      const error = await openai.chat.completions.create(body as never).catch((e: unknown) => e);
      expect(error, JSON.stringify(body)).toBeInstanceOf(OpenAI.BadRequestError);
      const apiError = error as InstanceType<typeof OpenAI.BadRequestError>;
      expect(apiError.error).toMatchObject({ type: "invalid_request_error", param, ...(code ? { code } : {}) });
      expect(apiError.requestID).toBeTruthy();
    };
    await expectBadRequest({ model: agent, messages: [] }, "messages");
    await expectBadRequest({ model: agent, messages: [{ role: "user", content: 5 }] }, "messages[0].content");
    await expectBadRequest({ model: agent, messages: [{ role: "user", content: "x" }], temperature: "hot" }, "temperature");
    await expectBadRequest({ model: agent, messages: [{ role: "assistant", content: "x" }] }, null, "InvalidParameter");
    await expectBadRequest({ model: agent, messages: [{ role: "tool", content: "x", tool_call_id: "c" }] }, "messages[0].role", "unsupported_parameter");
    await expectBadRequest(
      { model: agent, messages: [{ role: "user", content: "x" }], tools: [{ type: "function", function: { name: "f" } }] },
      "tools",
      "unsupported_parameter",
    );
    await expectBadRequest({ model: agent, messages: [{ role: "user", content: "x" }], n: 2 }, "n", "unsupported_parameter");
    await expectBadRequest(
      { model: agent, messages: [{ role: "user", content: "x" }], response_format: { type: "json_object" } },
      "response_format",
      "unsupported_parameter",
    );
    const notJson = await fetch(`${f.server.url}/compatible-mode/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: "{not json",
    });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error).toMatchObject({ type: "invalid_request_error", code: "BadRequest.IllegalInput" });
    const unknown = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "x" }] }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
    expect((unknown as InstanceType<typeof OpenAI.APIError>).error).toMatchObject({ param: "model", code: "model_not_found" });
  });

  it("ends a stream that fails after it started with an error the SDK raises", async () => {
    f.model.script({ text: "one two three four", chunks: 4, delayMs: 30, dropAfterFrames: 3 });
    const stream = await openai.chat.completions.create({ model: agent, messages: [{ role: "user", content: "x" }], stream: true });
    const error = await (async () => {
      for await (const _ of stream) {
        // reading until the error
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).error).toMatchObject({ code: "ModelServiceFailed", type: "server_error" });
  });
});
