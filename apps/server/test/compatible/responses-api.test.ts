import { testDialects } from "@appstudio/storage/testing";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DashScopeFixture, startDashScopeFixture } from "../support/dashscope-fixture.js";
import { responsesClient } from "../support/openai-clients.js";
import { publishWorkflow, startLlmEnd } from "../support/workflow-fixture.js";

/** The Responses API for apps, driven by the official `openai` SDK against a real server on 127.0.0.1. */
describe.each(testDialects())("OpenAI Responses API for apps (%s)", (dialect) => {
  let f: DashScopeFixture;
  let key: string;
  let agent: string;
  const chatRequests = () => f.model.requests.filter((r) => r.path === "/v1/chat/completions");
  const lastModelMessages = () => chatRequests().at(-1)?.body.messages ?? [];
  const client = (appId = agent) => responsesClient(f.server.url, appId, key);

  beforeAll(async () => {
    f = await startDashScopeFixture({ dialect });
    agent = await f.publishAgent({ instructions: "You are the app." });
    key = (await f.createKey()).secret;
  });
  afterAll(() => f?.close());

  it("answers JSON as a Response object, usage and all", async () => {
    f.model.script({ text: "Hello there", usage: { promptTokens: 7, completionTokens: 2 } });
    const res = await client().responses.create({ model: "ignored", input: "Hi" });
    expect(res.object).toBe("response");
    expect(res.status).toBe("completed");
    expect(res.id).toMatch(/^resp_[0-9a-f]{64}$/);
    expect(res.output_text).toBe("Hello there");
    expect(res.output).toEqual([
      {
        id: expect.stringMatching(/^msg_/),
        type: "message",
        status: "completed",
        role: "assistant",
        content: [{ type: "output_text", text: "Hello there", annotations: [], logprobs: [] }],
      },
    ]);
    expect(res.usage).toMatchObject({ input_tokens: 7, output_tokens: 2, total_tokens: 9 });
    expect((res as unknown as { appstudio: { session_id: string } }).appstudio.session_id).toMatch(/^[0-9a-f]{32}$/);
    expect(lastModelMessages().at(-1)).toEqual({ role: "user", content: "Hi" });
  });

  it("streams the Responses event stream in OpenAI's order, and the SDK's helper assembles it", async () => {
    f.model.script({ text: "one two three", chunks: 3 });
    const stream = await client().responses.create({ model: "m", input: "Count", stream: true });
    const events: { type: string; sequence_number: number; delta?: string }[] = [];
    for await (const event of stream) events.push(event);
    const types = [...new Set(events.map((e) => e.type))];
    expect(types).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(
      events
        .filter((e) => e.type === "response.output_text.delta")
        .map((e) => e.delta)
        .join(""),
    ).toBe("one two three");
    const completed = events.at(-1) as unknown as { response: OpenAI.Responses.Response };
    expect(completed.response.status).toBe("completed");
    expect(completed.response.output[0]).toMatchObject({ type: "message", content: [{ text: "one two three" }] });

    f.model.script({ text: "assembled answer" });
    const final = await client().responses.stream({ model: "m", input: "Again" }).finalResponse();
    expect(final.output_text).toBe("assembled answer");
  });

  it("continues the session of previous_response_id, JSON and streaming, and keeps instructions to their own turn", async () => {
    const first = await client().responses.create({ model: "m", input: "My name is Ada.", instructions: "Answer in French." });
    expect(lastModelMessages().map((m) => m.role)).toEqual(["system", "system", "user"]);
    expect(lastModelMessages()[1]).toEqual({ role: "system", content: "Answer in French." });

    const second = await client().responses.create({ model: "m", input: "What is my name?", previous_response_id: first.id });
    expect(second.previous_response_id).toBe(first.id);
    expect(lastModelMessages()).toEqual([
      { role: "system", content: "You are the app." },
      { role: "user", content: "My name is Ada." },
      { role: "assistant", content: "Echo: My name is Ada." },
      { role: "user", content: "What is my name?" },
    ]);
    const session = (r: unknown) => (r as { appstudio: { session_id: string } }).appstudio.session_id;
    expect(session(second)).toBe(session(first));

    const stream = await client().responses.create({
      model: "m",
      input: [{ role: "user", content: "And now?" }],
      previous_response_id: second.id,
      stream: true,
    });
    for await (const _ of stream) {
      // drained
    }
    expect(
      lastModelMessages()
        .filter((m) => m.role === "user")
        .map((m) => m.content),
    ).toEqual(["My name is Ada.", "What is my name?", "And now?"]);
  });

  it("takes a message array as caller-kept history, developer messages as system messages", async () => {
    await client().responses.create({
      model: "m",
      input: [
        { role: "developer", content: "Be terse." },
        { role: "user", content: "Earlier question" },
        { role: "assistant", content: "Earlier answer" },
        { role: "user", content: [{ type: "input_text", text: "Now" }] },
      ],
    });
    expect(lastModelMessages()).toEqual([
      { role: "system", content: "You are the app." },
      { role: "system", content: "Be terse." },
      { role: "user", content: "Earlier question" },
      { role: "assistant", content: "Earlier answer" },
      { role: "user", content: "Now" },
    ]);
  });

  it("store: false keeps no session: the response cannot be continued", async () => {
    const unstored = await client().responses.create({ model: "m", input: "Forget me", store: false });
    expect((unstored as unknown as { store: boolean }).store).toBe(false);
    const error = await client()
      .responses.create({ model: "m", input: "again", previous_response_id: unstored.id })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).error).toMatchObject({ param: "previous_response_id", code: "previous_response_not_found" });
  });

  it("refuses unknown, malformed and other apps' previous_response_id in OpenAI's shape", async () => {
    const other = await f.publishAgent();
    const ofOther = await client(other).responses.create({ model: "m", input: "hi" });
    for (const id of [ofOther.id, `resp_${"a".repeat(64)}`, "resp_short"]) {
      const error = await client()
        .responses.create({ model: "m", input: "x", previous_response_id: id })
        .catch((e: unknown) => e);
      expect(error, id).toBeInstanceOf(OpenAI.NotFoundError);
      expect((error as InstanceType<typeof OpenAI.APIError>).message).toContain(`Previous response with id '${id}' not found.`);
    }
    const malformed = await client()
      .responses.create({ model: "m", input: "x", previous_response_id: "chatcmpl-1" })
      .catch((e: unknown) => e);
    expect(malformed).toBeInstanceOf(OpenAI.BadRequestError);
    expect((malformed as InstanceType<typeof OpenAI.APIError>).error).toMatchObject({ type: "invalid_request_error", param: "previous_response_id" });
  });

  it("refuses what an app cannot honour (tools, several turns after previous_response_id), naming the parameter", async () => {
    const tools = await client()
      .responses.create({ model: "m", input: "x", tools: [{ type: "function", name: "f", parameters: {}, strict: true }] })
      .catch((e: unknown) => e);
    expect(tools).toBeInstanceOf(OpenAI.BadRequestError);
    expect((tools as InstanceType<typeof OpenAI.APIError>).error).toMatchObject({ param: "tools", code: "unsupported_parameter" });
    const first = await client().responses.create({ model: "m", input: "x" });
    const several = await client()
      .responses.create({
        model: "m",
        previous_response_id: first.id,
        input: [
          { role: "user", content: "a" },
          { role: "user", content: "b" },
        ],
      })
      .catch((e: unknown) => e);
    expect(several).toBeInstanceOf(OpenAI.BadRequestError);
    expect((several as InstanceType<typeof OpenAI.APIError>).error).toMatchObject({ param: "input" });
    const badType = await client()
      .responses.create({ model: "m", input: [{ type: "function_call_output", call_id: "c", output: "o" }] })
      .catch((e: unknown) => e);
    expect((badType as InstanceType<typeof OpenAI.APIError>).error).toMatchObject({ param: "input[0].type", code: "unsupported_parameter" });
  });

  it("marks an answer cut by max_output_tokens as incomplete", async () => {
    f.model.script({ text: "cut", finishReason: "length" });
    const res = await client().responses.create({ model: "m", input: "long", max_output_tokens: 5 });
    expect(res.status).toBe("incomplete");
    expect(res.incomplete_details).toEqual({ reason: "max_output_tokens" });
    expect(chatRequests().at(-1)?.body.max_tokens).toBe(5);
  });

  it("serves workflow apps: the End node's answer, streamed, and node thoughts on request", async () => {
    const flow = await publishWorkflow(f, startLlmEnd());
    f.model.script({ text: "flow answer" });
    const res = await client(flow).responses.create({ model: "m", input: "run it" });
    expect(res.output_text).toBe("flow answer");
    f.model.script({ text: "streamed flow", chunks: 2 });
    const stream = await client(flow).responses.create({ model: "m", input: "run", stream: true, appstudio: { has_thoughts: true } } as never);
    const events: { type: string; delta?: string; thoughts?: { action_type: string }[] }[] = [];
    for await (const event of stream as unknown as AsyncIterable<(typeof events)[number]>) events.push(event);
    expect(
      events
        .filter((e) => e.type === "response.output_text.delta")
        .map((e) => e.delta)
        .join(""),
    ).toBe("streamed flow");
    const thoughts = events.filter((e) => e.type === "appstudio.thoughts").flatMap((e) => e.thoughts ?? []);
    expect(thoughts.length).toBeGreaterThanOrEqual(3);
    expect(thoughts.every((t) => t.action_type === "workflow")).toBe(true);
    // A task workflow keeps no history: its response IDs are accepted and every run starts afresh.
    const again = await client(flow).responses.create({ model: "m", input: "again", previous_response_id: res.id });
    expect(again.status).toBe("completed");
  });

  it("logs the call under the surface it came through", async () => {
    const res = await client().responses.create({ model: "m", input: "log me" });
    await f.server.container.callLog.flush();
    const logs = await f.server.call("GET", `/manage/v1/call-logs?appId=${agent}&source=openai`, { token: f.server.adminToken });
    expect(logs.status).toBe(200);
    const sessionId = (res as unknown as { appstudio: { session_id: string } }).appstudio.session_id;
    expect(logs.body.items.find((l: { sessionId: string }) => l.sessionId === sessionId)).toMatchObject({ source: "openai", status: 200, prompt: "log me" });
  });
});
