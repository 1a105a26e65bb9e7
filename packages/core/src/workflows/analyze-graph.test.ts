import { describe, expect, it } from "vitest";
import { defaultWorkflowGraph } from "../apps/default-app-config.js";
import { workflowGraphProblems } from "../apps/validate-workflow-graph.js";
import { e, end, g, n, START } from "../testing/workflow-test-kit.js";

const problems = (graph: ReturnType<typeof g>) => workflowGraphProblems(graph, true);

describe("strict workflow checks (publish)", () => {
  it("accepts the default Start → End graph", () => {
    expect(workflowGraphProblems(defaultWorkflowGraph(), true)).toEqual([]);
  });

  it("names the node and field of every bad config value at once", () => {
    const graph = g(
      [
        START,
        n("LLM_0001", { temperature: 5 }, "Writer"),
        n("HttpRequest_0001", { url: "ftp://x", method: "FETCH" }),
        end("{{LLM_0001.result}}{{HttpRequest_0001.body}}"),
      ],
      [e("Start_0000", "LLM_0001"), e("Start_0000", "HttpRequest_0001"), e("LLM_0001", "End_0000"), e("HttpRequest_0001", "End_0000")],
    );
    expect(problems(graph)).toEqual([
      { field: "config.nodes[1].config.model", message: "Node LLM_0001 ('Writer'), model: is required" },
      { field: "config.nodes[1].config.temperature", message: "Node LLM_0001 ('Writer'), temperature: must be a number >= 0 and <= 1.99" },
      { field: "config.nodes[1].config.userPrompt", message: "Node LLM_0001 ('Writer'), userPrompt: is required" },
      { field: "config.nodes[2].config.url", message: "Node HttpRequest_0001 ('HttpRequest_0001'), url: must start with http:// or https://" },
      { field: "config.nodes[2].config.method", message: "Node HttpRequest_0001 ('HttpRequest_0001'), method: must be one of GET, POST, PUT, PATCH, DELETE" },
    ]);
  });

  it("requires references to resolve to an output of a node that runs before", () => {
    const graph = g(
      [
        START,
        n("TextConversion_000a", { template: "{{Start_0000.nope}} {{TextConversion_000b.result}} {{Ghost_0000.x}} {{query}}" }),
        n("TextConversion_000b", { template: "b" }),
        end("{{TextConversion_000a.result}}"),
      ],
      [e("Start_0000", "TextConversion_000a"), e("TextConversion_000a", "TextConversion_000b"), e("TextConversion_000b", "End_0000")],
    );
    expect(problems(graph).map((p) => p.message)).toEqual([
      "Node TextConversion_000a ('TextConversion_000a'), template: '{{query}}' is not a variable reference; write {{Node_id.field}}",
      "Node TextConversion_000a ('TextConversion_000a'), template: {{Start_0000.nope}}: Start_0000 has no output 'nope' (outputs: query, historyList, imageList)",
      "Node TextConversion_000a ('TextConversion_000a'), template: {{TextConversion_000b.result}} reads TextConversion_000b, which does not run before this node",
      "Node TextConversion_000a ('TextConversion_000a'), template: {{Ghost_0000.x}} reads node 'Ghost_0000', which does not exist",
    ]);
  });

  it("checks that referenced types fit the field", () => {
    const start = n("Start_0000", {
      variables: [
        { name: "n", type: "Number" },
        { name: "list", type: "Array<Number>" },
      ],
    });
    const graph = g(
      [
        start,
        n("Condition_0001", {
          branches: [
            {
              id: "big",
              conditions: [
                { left: "{{Start_0000.query}}", operator: "gt", right: "3" },
                { left: "{{Start_0000.n}}", operator: "lt", right: "9" },
              ],
            },
          ],
        }),
        n("LLM_0001", { model: "m", userPrompt: "x", history: "{{Start_0000.list}}" }),
        n("Iteration_0001", {
          items: "{{Start_0000.n}}",
          body: { nodes: [n("TextConversion_0b01", { template: "{{Iteration_0001.item}}" })], edges: [] },
          output: "{{TextConversion_0b01.result}}",
        }),
        end("x"),
      ],
      [
        e("Start_0000", "Condition_0001"),
        e("Condition_0001", "LLM_0001", "big"),
        e("Condition_0001", "Iteration_0001", "else"),
        e("LLM_0001", "End_0000"),
        e("Iteration_0001", "End_0000"),
      ],
    );
    expect(problems(graph).map((p) => p.field + " | " + p.message.split(": ").slice(1).join(": "))).toEqual([
      "config.nodes[1].config.branches[0].conditions[0].left | {{Start_0000.query}} is String, but this field needs Number",
      "config.nodes[2].config.history | {{Start_0000.list}} is Array<Number>, but this field needs Array<Object>",
      "config.nodes[3].config.items | {{Start_0000.n}} is Number, but this field needs Array<Any>",
    ]);
  });

  it("checks branch handles and error branches", () => {
    const cond = n("Condition_0001", { branches: [{ id: "yes", conditions: [{ left: "{{Start_0000.query}}", operator: "isNotEmpty" }] }] });
    const text = n("TextConversion_000a", { template: "a", onError: "branch" });
    const graph = g(
      [START, cond, text, n("TextConversion_000b", { template: "b" }), end("x")],
      [
        e("Start_0000", "Condition_0001"),
        e("Condition_0001", "TextConversion_000a"),
        e("Condition_0001", "TextConversion_000b", "maybe"),
        e("TextConversion_000a", "End_0000"),
        e("TextConversion_000b", "End_0000", "error"),
      ],
    );
    expect(problems(graph).map((p) => p.message)).toEqual([
      "Node Condition_0001 ('Condition_0001'): choose the branch this edge leaves from: yes, else",
      "Node Condition_0001 ('Condition_0001'): no branch 'maybe'; branches: yes, else",
      "Node TextConversion_000b ('TextConversion_000b'): an 'error' edge needs onError: \"branch\"",
      'Node TextConversion_000a (\'TextConversion_000a\'): onError "branch" needs an edge with sourceHandle "error"',
    ]);
  });

  it("checks Iteration bodies: their own nodes, item references, the output, and no outer ids reused", () => {
    const iteration = (body: unknown, output = "{{TextConversion_0b01.result}}") => n("Iteration_0001", { items: "{{Start_0000.imageList}}", body, output });
    const ok = g(
      [
        START,
        iteration({ nodes: [n("TextConversion_0b01", { template: "{{Iteration_0001.item}} #{{Iteration_0001.index}} {{Start_0000.query}}" })], edges: [] }),
        end("{{Iteration_0001.results}}"),
      ],
      [e("Start_0000", "Iteration_0001"), e("Iteration_0001", "End_0000")],
    );
    expect(problems(ok)).toEqual([]);
    const bad = g(
      [
        START,
        iteration({ nodes: [n("End_0000", {}), n("TextConversion_0b01", { template: "{{TextConversion_0b02.result}}" })], edges: [] }, "{{Nope_0000.x}}"),
        end("{{TextConversion_0b01.result}}"),
      ],
      [e("Start_0000", "Iteration_0001"), e("Iteration_0001", "End_0000")],
    );
    const messages = problems(bad).map((p) => p.message);
    expect(messages).toContain("Node Iteration_0001 ('Iteration_0001') body: duplicate node id 'End_0000'");
    expect(messages).toContain("Node Iteration_0001 ('Iteration_0001') body: a End node cannot be inside an Iteration");
  });

  it("reads task / dialog kind", () => {
    expect(workflowGraphProblems({ ...defaultWorkflowGraph(), kind: "dialog" }, true)).toEqual([]);
    expect(workflowGraphProblems({ ...defaultWorkflowGraph(), kind: "chat" as "dialog" }, true).map((p) => p.field)).toEqual(["config.kind"]);
  });
});
