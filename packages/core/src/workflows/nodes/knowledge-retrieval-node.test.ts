import { describe, expect, it } from "vitest";
import { workflowGraphProblems } from "../../apps/validate-workflow-graph.js";
import { InMemoryRetriever } from "../../testing/in-memory-retriever.js";
import { e, end, FunctionModel, g, n, runGraph, START, testDeps } from "../../testing/workflow-test-kit.js";

const WS = "ws-aaaaaaaaaaaaaaaa";

function knowledge() {
  const retriever = new InMemoryRetriever().add(
    {
      workspaceId: WS,
      knowledgeBaseId: "kbaaaaaaaa",
      documentId: "file_a",
      documentName: "Guide.pdf",
      text: "Refunds are paid within 14 days.",
      page: 2,
      headingPath: ["Refunds"],
      tags: ["policy"],
    },
    {
      workspaceId: WS,
      knowledgeBaseId: "kbaaaaaaaa",
      documentId: "file_b",
      documentName: "Blog.md",
      text: "Our refunds blog post, days of fun.",
      metadata: { lang: "en" },
    },
    {
      workspaceId: "ws-bbbbbbbbbbbbbbbb",
      knowledgeBaseId: "kbbbbbbbbb",
      documentId: "file_x",
      documentName: "Other.pdf",
      text: "Refunds in another workspace within 14 days.",
    },
  );
  return { retriever, knowledgeBases: retriever.knowledgeBases() };
}

const retrieval = (config: Record<string, unknown>) =>
  n("KnowledgeRetrieval_0001", { query: "{{Start_0000.query}}", knowledgeBaseIds: ["kbaaaaaaaa"], ...config });
const graph = (node: ReturnType<typeof n>, template: string, llm?: ReturnType<typeof n>) =>
  llm
    ? g([START, node, llm, end(template)], [e("Start_0000", node.id), e(node.id, llm.id), e(llm.id, "End_0000")])
    : g([START, node, end(template)], [e("Start_0000", node.id), e(node.id, "End_0000")]);

describe("Knowledge Retrieval node", () => {
  it("outputs ranked chunks that later nodes read through variables", async () => {
    const model = new FunctionModel((_req, user) => ({ text: `answer from: ${user}` }));
    const access = knowledge();
    const deps = testDeps({ models: model, knowledge: access });
    const llm = n("LLM_0001", { model: "m", userPrompt: "Context: {{KnowledgeRetrieval_0001.result.0.content}} Question: {{Start_0000.query}}" });
    const out = await runGraph(deps, graph(retrieval({ topK: 1 }), "{{LLM_0001.result}}", llm), { prompt: "how many days for refunds?" });
    expect(out.error).toBeUndefined();
    expect(out.text).toBe("answer from: Context: Refunds are paid within 14 days. Question: how many days for refunds?");
    const finished = out.events.find((ev) => ev.type === "node_finished" && ev.node.id === "KnowledgeRetrieval_0001");
    expect(finished?.type === "node_finished" && finished.outputs).toEqual({
      result: [
        { content: "Refunds are paid within 14 days.", title: "Refunds", documentId: "file_a", documentName: "Guide.pdf", page: 2, score: expect.any(Number) },
      ],
    });
    expect(access.retriever.queries[0]).toMatchObject({ workspaceId: WS, query: "how many days for refunds?", topK: 1 });
  });

  it("applies tags and metadata filters", async () => {
    const deps = testDeps({ knowledge: knowledge() });
    const byTag = await runGraph(deps, graph(retrieval({ tags: ["policy"] }), "{{KnowledgeRetrieval_0001.result}}"), { prompt: "refunds days" });
    expect(JSON.parse(byTag.text ?? "[]").map((c: { documentId: string }) => c.documentId)).toEqual(["file_a"]);
    const byMeta = await runGraph(deps, graph(retrieval({ metadata: { lang: "en" } }), "{{KnowledgeRetrieval_0001.result}}"), { prompt: "refunds days" });
    expect(JSON.parse(byMeta.text ?? "[]").map((c: { documentId: string }) => c.documentId)).toEqual(["file_b"]);
  });

  it("fails on a knowledge base outside the workspace, as on a missing one", async () => {
    const deps = testDeps({ knowledge: knowledge() });
    const out = await runGraph(deps, graph(retrieval({ knowledgeBaseIds: ["kbbbbbbbbb"] }), "{{KnowledgeRetrieval_0001.result}}"), { prompt: "refunds" });
    expect(out.error?.message).toContain("no knowledge base 'kbbbbbbbbb' in this workspace");
  });

  it("reports config problems at publish", () => {
    const problems = workflowGraphProblems(
      graph(n("KnowledgeRetrieval_0001", { knowledgeBaseIds: [], topK: 50, scoreThreshold: 2, metadata: { a: {} } }), "x"),
      true,
    );
    const text = problems.map((p) => `${p.field}: ${p.message}`).join("\n");
    expect(text).toContain("query: is required");
    expect(text).toContain("choose at least one knowledge base");
    expect(text).toContain("topK: must be a whole number >= 1 and <= 20");
    expect(text).toContain("scoreThreshold");
    expect(text).toContain("metadata.a");
  });
});
