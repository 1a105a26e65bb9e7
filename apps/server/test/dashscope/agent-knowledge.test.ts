import { testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DashScopeFixture, parseSse, startDashScopeFixture } from "../support/dashscope-fixture.js";
import { seedDocument, seedKnowledgeBase } from "../support/knowledge-seed.js";
import { publishWorkflow } from "../support/workflow-fixture.js";

const SSE = { "X-DashScope-SSE": "enable" };
const OFFICE = "The office opens at 9 am on weekdays.";
const CANTEEN = "The canteen serves noodles on weekdays.";
const VAULT = "The vault code of the office is 4711 on weekdays.";

/** Agents answering from knowledge bases: the wire shape of the spec, filters, fixed replies, isolation. */
describe.each(testDialects())("agent apps with knowledge (%s)", (dialect) => {
  let f: DashScopeFixture;
  let key: string;
  let kbA: string;
  let handbook: string;
  let menu: string;
  let appA: string;
  let wsB: string;
  let kbB: string;
  let keyB: string;
  let appB: string;

  const chatRequests = () => f.model.requests.filter((r) => r.path === "/v1/chat/completions");
  const lastSystemPrompt = () => String(chatRequests().at(-1)?.body.messages?.[0]?.content ?? "");
  const publishIn = async (workspaceId: string, config: Record<string, unknown>) => {
    const token = f.server.adminToken;
    const created = await f.server.call("POST", "/manage/v1/apps", {
      token,
      body: {
        workspaceId,
        type: "agent",
        name: `kb-agent-${Math.random().toString(36).slice(2)}`,
        config: { model: "fake-model", instructions: "Be brief.", dialogRounds: 3, tools: [], ...config },
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await f.server.call("POST", `/manage/v1/apps/${created.body.id}/publish`, { token, body: {} })).status).toBe(200);
    return created.body.id as string;
  };
  const call = async (appId: string, body: unknown, headers: Record<string, string> = {}, withKey = key) => f.complete(appId, withKey, body, headers);

  beforeAll(async () => {
    f = await startDashScopeFixture({ dialect, env: { APPSTUDIO_APP_RPM: "10000", APPSTUDIO_KEY_RPM: "10000" } });
    key = (await f.createKey()).secret;
    kbA = await seedKnowledgeBase(f.server, f.workspaceId);
    handbook = await seedDocument(
      f.server,
      { id: kbA, workspaceId: f.workspaceId },
      {
        name: "Handbook.pdf",
        chunks: [{ text: OFFICE, page: 3, headingPath: ["Guide", "Opening hours"] }],
        tags: ["hr"],
        metadata: { dept: "hr" },
      },
    );
    menu = await seedDocument(
      f.server,
      { id: kbA, workspaceId: f.workspaceId },
      { name: "Menu.docx", chunks: [{ text: CANTEEN }], metadata: { dept: "food" } },
    );
    appA = await publishIn(f.workspaceId, { knowledge: { knowledgeBaseIds: [kbA], showSources: true } });

    const token = f.server.adminToken;
    wsB = (await f.server.call("POST", "/manage/v1/workspaces", { token, body: { name: `kb-other-${dialect}` } })).body.id;
    kbB = await seedKnowledgeBase(f.server, wsB);
    await seedDocument(f.server, { id: kbB, workspaceId: wsB }, { name: "Vault.pdf", chunks: [{ text: VAULT, page: 1 }] });
    keyB = (await f.server.call("POST", "/manage/v1/api-keys", { token, body: { workspaceId: wsB } })).body.secret;
    appB = await publishIn(wsB, { knowledge: { knowledgeBaseIds: [kbB], showSources: true } });
  }, 60_000);
  afterAll(() => f?.close());

  it("JSON: the agentRag thought and doc_references in the spec's shape, the passage in the model's prompt", async () => {
    f.model.script({ text: "It opens at 9 am<ref>[1]</ref>." });
    const res = await call(appA, {
      input: { prompt: "When does the office open on weekdays?" },
      parameters: { has_thoughts: true, rag_options: { pipeline_ids: [kbA], tags: ["hr"] } },
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(lastSystemPrompt()).toContain(OFFICE);
    expect(lastSystemPrompt()).toContain("<ref>[n]</ref>");
    expect(body.output.text).toBe("It opens at 9 am<ref>[1]</ref>.");
    const [rag] = body.output.thoughts;
    expect(Object.keys(rag).sort()).toEqual(["action", "action_input_stream", "action_name", "action_type", "arguments", "observation"]);
    expect(rag).toMatchObject({ action_type: "agentRag", action_name: "知识检索", action: "rag" });
    expect(JSON.parse(rag.action_input_stream)).toMatchObject({ query: "When does the office open on weekdays?", pipeline_ids: [kbA] });
    expect(rag.arguments).toBe(rag.action_input_stream);
    const observation = JSON.parse(rag.observation);
    expect(observation).toEqual([
      {
        content: OFFICE,
        dataId: handbook,
        dataName: "Handbook.pdf",
        display: true,
        id: expect.any(String),
        images: [],
        referenceIndex: 1,
        score: expect.any(Number),
        title: "Opening hours",
        webSearch: false,
      },
    ]);
    expect(body.output.doc_references).toEqual([
      { index_id: "1", doc_id: handbook, doc_name: "Handbook.pdf", title: "Opening hours", text: OFFICE, page_number: [3], images: [] },
    ]);
  });

  it("SSE: the thought before any text, doc_references from the citation on, repeated, and on the last chunk", async () => {
    f.model.script({ text: "Opens at 9 am<ref>[1]</ref> on weekdays.", chunks: 4 });
    const res = await call(appA, { input: { prompt: "When does the office open?" }, parameters: { has_thoughts: true, incremental_output: true } }, SSE);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const events = parseSse(await res.text()).map((e) => e.data.output);
    expect(events[0].thoughts[0].action_type).toBe("agentRag");
    expect(events[0].text).toBe("");
    const firstCited = events.findIndex((o) => o.doc_references !== undefined);
    const textSoFar = events
      .slice(0, firstCited + 1)
      .map((o) => o.text)
      .join("");
    expect(textSoFar).toContain("<ref>[1]</ref>");
    expect(events.slice(0, firstCited).every((o) => o.doc_references === undefined)).toBe(true);
    for (const o of events.slice(firstCited))
      expect(o.doc_references).toEqual([expect.objectContaining({ index_id: "1", doc_id: handbook, page_number: [3], images: [] })]);
    const last = events.at(-1);
    expect(last).toMatchObject({ finish_reason: "stop", text: "" });
  });

  it("lists every source given when the answer cites none, and none at all without showSources", async () => {
    const res = await call(appA, { input: { prompt: "office weekdays" } });
    const body = await res.json();
    expect(body.output.doc_references.map((r: { doc_id: string }) => r.doc_id).sort()).toEqual([handbook, menu].sort());
    expect(body.output.thoughts).toBeUndefined();
    const quiet = await publishIn(f.workspaceId, { knowledge: { knowledgeBaseIds: [kbA] } });
    const plain = await (await call(quiet, { input: { prompt: "office weekdays" } })).json();
    expect(plain.output.doc_references).toBeUndefined();
    expect(lastSystemPrompt()).toContain(OFFICE);
  });

  it("rag_options filters narrow the search: tags, metadata_filter, structured_filter, file_ids", async () => {
    const found = async (rag: Record<string, unknown>) => {
      const body = await (await call(appA, { input: { prompt: "weekdays office canteen" }, parameters: { has_thoughts: true, rag_options: rag } })).json();
      return JSON.parse(body.output.thoughts[0].observation)
        .map((o: { dataName: string }) => o.dataName)
        .sort();
    };
    expect(await found({})).toEqual(["Handbook.pdf", "Menu.docx"]);
    expect(await found({ tags: ["hr"] })).toEqual(["Handbook.pdf"]);
    expect(await found({ metadata_filter: { dept: "food" } })).toEqual(["Menu.docx"]);
    expect(await found({ structured_filter: { dept: "hr" } })).toEqual(["Handbook.pdf"]);
    expect(await found({ file_ids: [menu] })).toEqual(["Menu.docx"]);
    const bad = await call(appA, { input: { prompt: "x" }, parameters: { rag_options: { metadata_filter: { dept: { nested: 1 } } } } });
    expect(bad.status).toBe(400);
  });

  it("replies with the fixed text when nothing matches, without calling the model", async () => {
    const app = await publishIn(f.workspaceId, {
      knowledge: { knowledgeBaseIds: [kbA], noMatch: { mode: "fixed", reply: "I can only answer about the office." } },
    });
    const before = chatRequests().length;
    const body = await (await call(app, { input: { prompt: "zebra quantum" } })).json();
    expect(body.output).toMatchObject({ text: "I can only answer about the office.", finish_reason: "stop" });
    expect(body.usage).toEqual({});
    expect(chatRequests().length).toBe(before);
    const events = parseSse(await (await call(app, { input: { prompt: "zebra quantum" } }, SSE)).text());
    expect(events.at(-1)?.data.output).toMatchObject({ finish_reason: "stop", text: "I can only answer about the office." });
  });

  it("isolation: another workspace's knowledge base can be neither searched, cited, nor saved into an app", async () => {
    // By ID in rag_options: the same 400 as for an ID that does not exist, and no model call.
    const before = chatRequests().length;
    for (const id of [kbA, "nosuchkb01"]) {
      const res = await call(appB, { input: { prompt: "office" }, parameters: { rag_options: { pipeline_ids: [id] } } }, {}, keyB);
      expect(res.status).toBe(400);
      const err = await res.json();
      expect(err.code).toBe("InvalidParameter");
      expect(err.message).toBe(`parameters.rag_options.pipeline_ids[0]: no knowledge base '${id}' in this workspace`);
    }
    expect(chatRequests().length).toBe(before);

    // By search: B's app never sees A's chunks, even when asked about them, and A's never B's.
    const b = await (
      await call(
        appB,
        {
          input: { prompt: "When does the office open on weekdays? canteen noodles" },
          parameters: { has_thoughts: true, rag_options: { file_ids: [handbook, menu] } },
        },
        {},
        keyB,
      )
    ).json();
    expect(b.output.thoughts[0].observation).toBe("[]");
    const b2 = await (await call(appB, { input: { prompt: "When does the office open on weekdays?" }, parameters: { has_thoughts: true } }, {}, keyB)).json();
    expect(JSON.stringify(b2)).not.toContain(OFFICE);
    expect(lastSystemPrompt()).not.toContain(OFFICE);
    const a = await (await call(appA, { input: { prompt: "What is the vault code of the office?" }, parameters: { has_thoughts: true } })).json();
    expect(JSON.stringify(a)).not.toContain("4711");
    expect(lastSystemPrompt()).not.toContain("4711");

    // By configuration: saving or creating an app that names another workspace's knowledge base fails.
    const token = f.server.adminToken;
    const created = await f.server.call("POST", "/manage/v1/apps", {
      token,
      body: {
        workspaceId: wsB,
        type: "agent",
        name: `steal-${dialect}`,
        config: { model: "fake-model", instructions: "", dialogRounds: 3, tools: [], knowledge: { knowledgeBaseIds: [kbA] } },
      },
    });
    expect(created.status).toBe(400);
    expect(created.body.details.fields).toEqual([{ field: "config.knowledge.knowledgeBaseIds[0]", message: `no knowledge base '${kbA}' in this workspace` }]);
    const patched = await f.server.call("PATCH", `/manage/v1/apps/${appB}`, {
      token,
      body: { config: { model: "fake-model", instructions: "", dialogRounds: 3, tools: [], knowledge: { knowledgeBaseIds: [kbB, kbA] } } },
    });
    expect(patched.status).toBe(400);
  });

  it("workflow Knowledge Retrieval node: its result feeds the LLM node; another workspace's base is refused at publish", async () => {
    const graph = (kb: string) => ({
      nodes: [
        { id: "Start_aaaa", config: { variables: [] } },
        { id: "KnowledgeRetrieval_bbbb", config: { query: "{{Start_aaaa.query}}", knowledgeBaseIds: [kb], topK: 1 } },
        {
          id: "LLM_cccc",
          config: {
            model: "fake-model",
            userPrompt:
              "Facts: {{KnowledgeRetrieval_bbbb.result.0.content}} ({{KnowledgeRetrieval_bbbb.result.0.documentName}}, page {{KnowledgeRetrieval_bbbb.result.0.page}})",
          },
        },
        { id: "End_dddd", config: { mode: "text", template: "{{LLM_cccc.result}}", stream: true } },
      ],
      edges: [
        { source: "Start_aaaa", target: "KnowledgeRetrieval_bbbb" },
        { source: "KnowledgeRetrieval_bbbb", target: "LLM_cccc" },
        { source: "LLM_cccc", target: "End_dddd" },
      ],
    });
    const flow = await publishWorkflow(f, graph(kbA));
    const body = await (await call(flow, { input: { prompt: "When does the office open?" } })).json();
    expect(body.output.text).toBe(`Echo: Facts: ${OFFICE} (Handbook.pdf, page 3)`);
    await expect(publishWorkflow(f, graph(kbB))).rejects.toThrow(`no knowledge base '${kbB}' in this workspace`);
  });

  it("a deleted knowledge base is skipped with a thought; a failing search is RetrivalFailed", async () => {
    const kbGone = await seedKnowledgeBase(f.server, f.workspaceId);
    const app = await publishIn(f.workspaceId, { knowledge: { knowledgeBaseIds: [kbGone, kbA], showSources: true } });
    await f.server.container.core.repos.knowledgeBases.delete(f.workspaceId, kbGone);
    const body = await (await call(app, { input: { prompt: "office weekdays" }, parameters: { has_thoughts: true } })).json();
    expect(JSON.parse(body.output.thoughts[0].arguments)).toMatchObject({ pipeline_ids: [kbA], skipped_pipeline_ids: [kbGone] });
    expect(body.output.doc_references.length).toBeGreaterThan(0);

    const real = f.server.container.retriever;
    f.server.container.retriever = { retrieve: async () => Promise.reject(new Error("index is down")) };
    try {
      for (const headers of [{}, SSE]) {
        const res = await call(appA, { input: { prompt: "office" } }, headers);
        expect(res.status).toBe(500);
        expect(await res.json()).toMatchObject({ code: "RetrivalFailed", message: "Failed to retrieve data from documents." });
      }
    } finally {
      f.server.container.retriever = real;
    }
  });
});
