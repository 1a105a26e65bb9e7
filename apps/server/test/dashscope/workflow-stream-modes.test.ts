import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DashScopeFixture, parseSse, startDashScopeFixture } from "../support/dashscope-fixture.js";
import { publishWorkflow, startLlmEnd } from "../support/workflow-fixture.js";

const SSE = { "X-DashScope-SSE": "enable" };
const USAGE = { models: [{ model_id: "fake-model", input_tokens: 15, output_tokens: 50 }] };

/** workflow_message as sent; key order follows the documented transcripts. */
const wm = (
  node_id: string,
  node_name: string,
  node_type: string,
  node_status: string,
  node_msg_seq_id: number,
  content: string,
  node_is_completed: boolean,
) => ({
  node_status,
  node_type,
  node_msg_seq_id,
  node_name,
  message: { content, role: "assistant" },
  node_is_completed,
  node_id,
});
const llm = (content: string, seq: number, status = "executing", done = false) => wm("LLM_NPem", "大模型1", "LLM", status, seq, content, done);
const endNode = (content: string, seq: number, status = "executing", done = false) => wm("End_pmAh", "结束", "End", status, seq, content, done);
const plus = (result: string, reasoningContent = "") => JSON.stringify({ result, reasoningContent });

/** Start (开始) → LLM (大模型1) → End (结束) over the fake model; chunks are spaced so the order is exact. */
describe("workflow flow_stream_mode packets (DashScope level)", () => {
  let f: DashScopeFixture;
  let appId: string;
  let key: string;
  beforeAll(async () => {
    f = await startDashScopeFixture({ env: { APPSTUDIO_APP_RPM: "10000" } });
    appId = await publishWorkflow(f, startLlmEnd());
    key = (await f.createKey()).secret;
  });
  afterAll(() => f?.close());

  const stream = async (mode: string | undefined, incremental: boolean, extra: Record<string, unknown> = {}) => {
    f.model.script({ text: "你好呀", reasoning: "想", chunks: 2, delayMs: 20, usage: { promptTokens: 15, completionTokens: 50 } });
    const res = await f.complete(
      appId,
      key,
      { input: { prompt: "hi" }, parameters: { ...(mode ? { flow_stream_mode: mode } : {}), incremental_output: incremental, ...extra } },
      SSE,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream;charset=UTF-8");
    const events = parseSse(await res.text());
    // Framing and envelope invariants of every packet.
    events.forEach((e, i) => {
      expect(e.id).toBe(String(i + 1));
      expect(e.event).toBe("result");
      expect(e.status).toBe("200");
      expect(e.data.request_id).toBe(res.headers.get("x-request-id"));
      expect(e.data.output.session_id).toMatch(/^[0-9a-f]{32}$/);
    });
    const last = events.at(-1)!.data;
    // Final event: finish_reason stop, no workflow_message — in every mode. (Only
    // non-incremental full_thoughts repeats every node's thoughts there, as agent apps do.)
    // Its text is the whole answer, except where incremental deltas already sent it as text.
    const textStreamed = incremental && mode !== "message_format" && mode !== "message_format_plus";
    const { thoughts: _thoughts, ...final } = last.output;
    expect(final).toEqual({ session_id: last.output.session_id, finish_reason: "stop", text: textStreamed ? "" : "你好呀" });
    if (!(extra.has_thoughts && !incremental)) expect(last.output.thoughts).toBeUndefined();
    expect(last.usage).toEqual(USAGE);
    for (const e of events.slice(0, -1)) expect(e.data.output.finish_reason).toBe("null");
    return events;
  };

  for (const incremental of [true, false]) {
    describe(`incremental_output=${incremental}`, () => {
      it("message_format_plus streams every node; LLM content is JSON {result, reasoningContent}", async () => {
        const events = await stream("message_format_plus", incremental);
        expect(events.slice(0, -1).map((e) => e.data.output.workflow_message)).toEqual([
          wm("Start_iEca", "开始", "Start", "success", 1, JSON.stringify({ query: "hi", historyList: [], imageList: [] }), true),
          llm(plus("", "想"), 1),
          llm(plus("你好"), 2),
          endNode("你好", 1),
          llm(plus("呀"), 3),
          endNode("呀", 2),
          llm("", 4, "success", true),
          endNode("", 3, "success", true),
        ]);
        // Usage is a running total: empty until the LLM node has finished.
        expect(events.map((e) => e.data.usage)).toEqual([{}, {}, {}, {}, {}, {}, USAGE, USAGE, USAGE]);
        expect(Object.keys(events[0]!.data.output)).toEqual(["session_id", "workflow_message", "finish_reason"]);
        expect(events[0]!.raw.split("\n").slice(0, 3)).toEqual(["id:1", "event:result", ":HTTP_STATUS/200"]);
      });

      it("message_format streams only the End node (streaming switch on)", async () => {
        const events = await stream("message_format", incremental);
        expect(events.slice(0, -1).map((e) => e.data.output.workflow_message)).toEqual([endNode("你好", 1), endNode("呀", 2), endNode("", 3, "success", true)]);
        expect(events.map((e) => e.data.usage)).toEqual([{}, {}, USAGE, USAGE]);
      });

      it("agent_format streams output.text like an agent app", async () => {
        const events = await stream("agent_format", incremental);
        expect(events.slice(0, -1).map((e) => e.data.output)).toEqual([
          { session_id: expect.any(String), finish_reason: "null", text: incremental ? "你好" : "你好" },
          { session_id: expect.any(String), finish_reason: "null", text: incremental ? "呀" : "你好呀" },
        ]);
        expect(events.some((e) => "workflow_message" in e.data.output)).toBe(false);
      });

      it("full_thoughts (the default) reports each node's status as thoughts, and the answer as text", async () => {
        const events = await stream(undefined, incremental, { has_thoughts: true });
        const packets = events
          .slice(0, -1)
          .map((e) => ({ text: e.data.output.text, thoughts: (e.data.output.thoughts ?? []).map((t: { response: string }) => JSON.parse(t.response)) }));
        const status = (packet: (typeof packets)[number]) => packet.thoughts.map((t: { nodeId: string; nodeStatus: string }) => `${t.nodeId}:${t.nodeStatus}`);
        if (incremental) {
          expect(packets.map((p) => [p.text, status(p)])).toEqual([
            ["", ["Start_iEca:executing"]],
            ["", ["Start_iEca:success"]],
            ["", ["LLM_NPem:executing"]],
            ["", ["End_pmAh:executing"]],
            ["你好", []],
            ["呀", []],
            ["", ["LLM_NPem:success"]],
            ["", ["End_pmAh:success"]],
          ]);
        } else {
          // Without incremental output every packet repeats everything so far.
          expect(packets.map((p) => [p.text, status(p)])).toEqual([
            ["", ["Start_iEca:executing"]],
            ["", ["Start_iEca:success"]],
            ["", ["Start_iEca:success", "LLM_NPem:executing"]],
            ["", ["Start_iEca:success", "LLM_NPem:executing", "End_pmAh:executing"]],
            ["你好", []],
            ["你好呀", []],
            ["你好呀", ["Start_iEca:success", "LLM_NPem:success", "End_pmAh:executing"]],
            ["你好呀", ["Start_iEca:success", "LLM_NPem:success", "End_pmAh:success"]],
          ]);
        }
        if (!incremental) expect(events.at(-1)!.data.output.thoughts.map((t: { action: string }) => t.action)).toEqual(["Start", "LLM", "End"]);
        const llmDone = packets[6]!.thoughts.find((t: { nodeId: string }) => t.nodeId === "LLM_NPem");
        expect(llmDone).toMatchObject({
          nodeName: "大模型1",
          nodeType: "LLM",
          nodeStatus: "success",
          nodeExecTime: expect.stringMatching(/^\d+ms$/),
          nodeResult: JSON.stringify({ result: "你好呀", reasoningContent: "想" }),
        });
      });
    });
  }

  // The Python SDK asks for incremental output and joins the deltas: text sent twice comes out twice.
  for (const mode of ["full_thoughts", "agent_format", "message_format", "message_format_plus", undefined]) {
    it(`incremental output in ${mode ?? "the default"} mode sends every piece of the answer as text exactly once`, async () => {
      const events = await stream(mode, true, mode === "full_thoughts" ? { has_thoughts: true } : {});
      expect(events.map((e) => e.data.output.text ?? "").join("")).toBe("你好呀");
    });
  }

  it("full_thoughts without has_thoughts sends only the answer text", async () => {
    const events = await stream("full_thoughts", true);
    expect(events.slice(0, -1).map((e) => e.data.output)).toEqual([
      { session_id: expect.any(String), finish_reason: "null", text: "你好" },
      { session_id: expect.any(String), finish_reason: "null", text: "呀" },
    ]);
  });

  it("a non-streaming End sends its whole answer in one packet (plus) and nothing in message_format", async () => {
    const id = await publishWorkflow(f, startLlmEnd({ stream: false }));
    const run = async (mode: string) => {
      f.model.script({ text: "你好呀", chunks: 2, delayMs: 20, usage: { promptTokens: 15, completionTokens: 50 } });
      return parseSse(await (await f.complete(id, key, { input: { prompt: "hi" }, parameters: { flow_stream_mode: mode } }, SSE)).text());
    };
    const plusEvents = await run("message_format_plus");
    expect(plusEvents.at(-2)!.data.output.workflow_message).toEqual(endNode("你好呀", 1, "success", true));
    const messageEvents = await run("message_format");
    expect(messageEvents.map((e) => e.data.output)).toEqual([{ session_id: expect.any(String), finish_reason: "stop", text: "你好呀" }]);
  });

  it("answers without streaming with the full text (and node thoughts when asked)", async () => {
    f.model.script({ text: "你好呀", usage: { promptTokens: 15, completionTokens: 50 } });
    const res = await f.complete(appId, key, { input: { prompt: "hi" }, parameters: { has_thoughts: true } });
    const body = await res.json();
    expect(body.output).toMatchObject({ text: "你好呀", finish_reason: "stop", session_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(body.output.workflow_message).toBeUndefined();
    expect(body.output.thoughts.map((t: { action: string }) => t.action)).toEqual(["Start", "LLM", "End"]);
    expect(body.usage).toEqual(USAGE);
  });
});
