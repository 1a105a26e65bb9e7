import { describe, expect, it } from "vitest";
import type { AgentConfig, AgentKnowledgeConfig } from "../apps/app-types.js";
import { isAppError } from "../errors.js";
import { InMemoryRetriever } from "../testing/in-memory-retriever.js";
import { ScriptedModelProvider } from "../testing/scripted-model-provider.js";
import type { AgentEvent } from "./agent-events.js";
import { citedIndexes, numberedSources } from "./retrieve-knowledge.js";
import { runAgent } from "./run-agent.js";

const WS = "ws-aaaaaaaaaaaaaaaa";
const OTHER = "ws-bbbbbbbbbbbbbbbb";

const config = (knowledge?: AgentKnowledgeConfig): AgentConfig => ({
  model: "m",
  instructions: "Be brief.",
  dialogRounds: 3,
  tools: [],
  ...(knowledge ? { knowledge } : {}),
});

function retriever() {
  return new InMemoryRetriever().add(
    {
      workspaceId: WS,
      knowledgeBaseId: "kbaaaaaaaa",
      documentId: "file_a",
      documentName: "Handbook.pdf",
      text: "The office opens at 9 am on weekdays.",
      page: 3,
      headingPath: ["Hours"],
      tags: ["hr"],
    },
    {
      workspaceId: WS,
      knowledgeBaseId: "kbaaaaaaaa",
      documentId: "file_b",
      documentName: "Menu.docx",
      text: "The canteen serves noodles on weekdays.",
      metadata: { kind: "menu" },
    },
    { workspaceId: OTHER, knowledgeBaseId: "kbotherxxx", documentId: "file_x", documentName: "Secret.pdf", text: "The office vault code is 1234 on weekdays." },
  );
}

async function run(input: Partial<Parameters<typeof runAgent>[0]> & { config: AgentConfig }, provider = new ScriptedModelProvider()) {
  const r = (input.knowledge?.retriever as InMemoryRetriever | undefined) ?? retriever();
  const events: AgentEvent[] = [];
  for await (const e of runAgent({
    models: provider,
    prompt: "When does the office open on weekdays?",
    workspaceId: WS,
    knowledge: { retriever: r, knowledgeBases: r.knowledgeBases() },
    ...input,
  }))
    events.push(e);
  return { events, provider, done: events.at(-1) as AgentEvent & { type: "done" } };
}

describe("agent knowledge retrieval", () => {
  it("puts numbered sources into the system prompt and emits the agentRag thought before any text", async () => {
    const provider = new ScriptedModelProvider().script([{ type: "text", delta: "At 9 am<ref>[1]</ref>." }]);
    const { events, done } = await run(
      { config: config({ knowledgeBaseIds: ["kbaaaaaaaa"], showSources: true }), parameters: { hasThoughts: true } },
      provider,
    );
    const system = provider.requests[0]?.messages[0];
    expect(system?.role).toBe("system");
    expect(system?.content).toContain("Be brief.");
    expect(system?.content).toContain("[1] (Handbook.pdf, page 3, Hours)\nThe office opens at 9 am on weekdays.");
    expect(system?.content).toContain("<ref>[n]</ref>");
    expect(events.map((e) => e.type)).toEqual(["thought", "sources", "text", "done"]);
    const thought = done.thoughts[0];
    expect(thought).toMatchObject({ actionType: "agentRag", action: "rag", actionName: "知识检索" });
    expect(JSON.parse(thought?.arguments ?? "")).toEqual({ query: "When does the office open on weekdays?", pipeline_ids: ["kbaaaaaaaa"] });
    expect(JSON.parse(thought?.observation ?? "")[0]).toEqual({
      content: "The office opens at 9 am on weekdays.",
      dataId: "file_a",
      dataName: "Handbook.pdf",
      display: true,
      id: "chunk-1",
      images: [],
      referenceIndex: 1,
      score: expect.any(Number),
      title: "Hours",
      webSearch: false,
    });
    expect(done.references.map((r) => [r.index, r.documentId, r.pages])).toEqual([[1, "file_a", [3]]]);
  });

  it("lists every source when the answer cites none, and none without showSources", async () => {
    const withSources = await run({ config: config({ knowledgeBaseIds: ["kbaaaaaaaa"], showSources: true }) });
    expect(withSources.done.references.length).toBe(2);
    const without = await run({ config: config({ knowledgeBaseIds: ["kbaaaaaaaa"] }) });
    expect(without.done.references).toEqual([]);
    expect(without.events.some((e) => e.type === "sources")).toBe(false);
  });

  it("replies with the fixed text, without calling the model, when nothing matches", async () => {
    const provider = new ScriptedModelProvider();
    const { events, done } = await run(
      { config: config({ knowledgeBaseIds: ["kbaaaaaaaa"], noMatch: { mode: "fixed", reply: "Sorry, not in my documents." } }), prompt: "zzz qqq" },
      provider,
    );
    expect(provider.requests).toEqual([]);
    expect(events.filter((e) => e.type === "text")).toEqual([{ type: "text", delta: "Sorry, not in my documents." }]);
    expect(done).toMatchObject({ text: "Sorry, not in my documents.", usage: [] });
  });

  it("narrows the search with rag_options and keeps it inside the workspace", async () => {
    const r = retriever();
    const access = { retriever: r, knowledgeBases: r.knowledgeBases() };
    const narrowed = await run({ config: config({ knowledgeBaseIds: ["kbaaaaaaaa"], showSources: true }), knowledge: access, ragOptions: { tags: ["hr"] } });
    expect(narrowed.done.references.map((s) => s.documentId)).toEqual(["file_a"]);
    const byMetadata = await run({
      config: config({ knowledgeBaseIds: ["kbaaaaaaaa"], showSources: true }),
      knowledge: access,
      ragOptions: { metadataFilter: { kind: "menu" } },
    });
    expect(byMetadata.done.references.map((s) => s.documentId)).toEqual(["file_b"]);
    const byFile = await run({
      config: config({ knowledgeBaseIds: ["kbaaaaaaaa"], showSources: true }),
      knowledge: access,
      ragOptions: { fileIds: ["file_b"] },
    });
    expect(byFile.done.references.map((s) => s.documentId)).toEqual(["file_b"]);
    expect(r.queries.at(-1)).toMatchObject({ workspaceId: WS, knowledgeBaseIds: ["kbaaaaaaaa"], documentIds: ["file_b"] });

    // Another workspace's knowledge base reads as unknown: a 400, before any search or model call.
    const provider = new ScriptedModelProvider();
    const error = await run({ config: config(), knowledge: access, ragOptions: { pipelineIds: ["kbotherxxx"] } }, provider).catch((e) => e);
    expect(isAppError(error) && error.code).toBe("InvalidParameter");
    expect(error.message).toContain("no knowledge base 'kbotherxxx' in this workspace");
    expect(provider.requests).toEqual([]);
  });

  it("skips a knowledge base deleted since the app was saved, says so, and answers from the others", async () => {
    const warnings: unknown[] = [];
    const { done } = await run({
      config: config({ knowledgeBaseIds: ["kbgone0000", "kbaaaaaaaa"], showSources: true }),
      parameters: { hasThoughts: true },
      onWarning: (message, details) => warnings.push({ message, details }),
    });
    expect(warnings).toEqual([{ message: expect.stringContaining("no longer exist"), details: { knowledgeBaseIds: ["kbgone0000"] } }]);
    expect(JSON.parse(done.thoughts[0]?.arguments ?? "")).toMatchObject({ pipeline_ids: ["kbaaaaaaaa"], skipped_pipeline_ids: ["kbgone0000"] });
    expect(done.references.length).toBeGreaterThan(0);
  });

  it("turns a failing search into RetrivalFailed with the cause kept for the log", async () => {
    const r = retriever();
    r.failWith = new Error("index unavailable");
    const error = await run({ config: config({ knowledgeBaseIds: ["kbaaaaaaaa"] }), knowledge: { retriever: r, knowledgeBases: r.knowledgeBases() } }).catch(
      (e) => e,
    );
    expect(error).toMatchObject({ code: "RetrivalFailed", message: "Failed to retrieve data from documents.", diagnostic: "index unavailable" });
  });

  it("fits sources into maxContextChars and reads every citation form", () => {
    const hit = (text: string) =>
      ({ chunk: { id: text, documentId: "d", text, headingPath: [], page: null }, documentName: "D", score: 1, sources: {} }) as never;
    expect(numberedSources([hit("a".repeat(700)), hit("b".repeat(400))], 1000).map((s) => s.text.length)).toEqual([700]);
    expect(numberedSources([hit("a".repeat(1500))], 1000).map((s) => s.text.length)).toEqual([1000]);
    expect(citedIndexes("x<ref>[2]</ref> y<ref>[1][3]</ref> z<ref>[1, 4]</ref>")).toEqual([2, 1, 3, 4]);
  });
});
