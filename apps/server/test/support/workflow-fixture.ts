import type { DashScopeFixture } from "./dashscope-fixture.js";

export interface GraphSpec {
  kind?: "task" | "dialog";
  nodes: { id: string; type?: string; name?: string; config: Record<string, unknown> }[];
  edges: { source: string; target: string; sourceHandle?: string }[];
}

let counter = 0;

/** The stored graph: node types from the ID prefix, names default to the ID. */
export function toGraph(graph: GraphSpec) {
  return {
    ...(graph.kind ? { kind: graph.kind } : {}),
    nodes: graph.nodes.map((n) => ({ id: n.id, type: n.type ?? n.id.split("_")[0], name: n.name ?? n.id, config: n.config })),
    edges: graph.edges,
  };
}

/** Creates and publishes a workflow app in the fixture's default workspace; returns its App ID. */
export async function publishWorkflow(f: DashScopeFixture, graph: GraphSpec, name = `workflow-${++counter}-${Date.now()}`): Promise<string> {
  const config = toGraph(graph);
  const created = await f.server.call("POST", "/manage/v1/apps", {
    token: f.server.adminToken,
    body: { workspaceId: f.workspaceId, type: "workflow", name, config },
  });
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  const published = await f.server.call("POST", `/manage/v1/apps/${created.body.id}/publish`, { token: f.server.adminToken, body: {} });
  if (published.status !== 200) throw new Error(JSON.stringify(published.body));
  return created.body.id as string;
}

/** Start (开始) → LLM (大模型1) → End (结束), streaming End, named as in the DashScope transcripts. */
export function startLlmEnd(extraEnd: Record<string, unknown> = {}): GraphSpec {
  return {
    nodes: [
      { id: "Start_iEca", name: "开始", config: { variables: [] } },
      { id: "LLM_NPem", name: "大模型1", config: { model: "fake-model", userPrompt: "{{Start_iEca.query}}" } },
      { id: "End_pmAh", name: "结束", config: { mode: "text", template: "{{LLM_NPem.result}}", stream: true, ...extraEnd } },
    ],
    edges: [
      { source: "Start_iEca", target: "LLM_NPem" },
      { source: "LLM_NPem", target: "End_pmAh" },
    ],
  };
}
