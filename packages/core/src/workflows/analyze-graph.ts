import type { WorkflowEdge, WorkflowGraph, WorkflowNode } from "../apps/app-types.js";
import { ancestors, hasCycle } from "../apps/graph-algorithms.js";
import type { FieldProblem } from "../errors.js";
import { readErrorHandling } from "./error-handling.js";
import { nodeDefinitions } from "./nodes/node-registry.js";
import { malformedRefs, refsIn, typeCompatible, type VarType, wholeRef } from "./variables.js";
import type { CompiledGraph, CompiledNode, NodeDefinition, NodeSource } from "./workflow-types.js";

export interface GraphAnalysis {
  problems: FieldProblem[];
  /** Present when there are no problems: the graph, ready to run. */
  compiled: CompiledGraph | undefined;
}

/** Output types of the nodes a node may read from. */
type Visible = Map<string, Record<string, VarType>>;

const NODE_ID = /^[A-Za-z]+_[A-Za-z0-9]{4}$/;
const BODY_FORBIDDEN = new Set(["Start", "End", "Iteration"]);

/** Published graphs never change, so their analysis is kept as long as the graph object lives. */
const cache = new WeakMap<WorkflowGraph, GraphAnalysis>();

/**
 * The strict (publish-time) check of a structurally sound graph: every node's config, branch
 * handles, error policies, and every variable reference (it must name a node that runs before,
 * an output that node has, and a type the field accepts). Problems name the node and field.
 */
export function analyzeGraph(graph: WorkflowGraph): GraphAnalysis {
  const cached = cache.get(graph);
  if (cached) return cached;
  const problems: FieldProblem[] = [];
  const allIds = new Set<string>(graph.nodes.map((n) => n.id));
  const compiled = compileLevel(graph, "config", new Map(), allIds, problems);
  const analysis = { problems, compiled: problems.length === 0 ? compiled : undefined };
  cache.set(graph, analysis);
  return analysis;
}

function compileLevel(graph: WorkflowGraph, at: string, outer: Visible, allIds: Set<string>, problems: FieldProblem[]): CompiledGraph {
  const nodes = new Map<string, CompiledNode>();
  const outputs = new Map<string, Record<string, VarType>>();
  const indexOf = new Map<string, number>();

  graph.nodes.forEach((node, i) => {
    indexOf.set(node.id, i);
    const report = reporter(problems, `${at}.nodes[${i}].config`, node);
    const def = nodeDefinitions.get(node.type);
    if (!def) return; // unknown types are reported by the structural check
    const raw = node.config !== null && typeof node.config === "object" ? node.config : {};
    const config = def.parse(raw, report);
    const errors = readErrorHandling(raw, report);
    const declared = def.outputs(config);
    outputs.set(node.id, errors.policy === "fail" ? declared : { ...declared, errorCode: "String", errorMessage: "String" });
    const returnResult = (config as { returnResult?: boolean }).returnResult === true;
    const streamOutput =
      node.type === "End" && (config as { mode?: string; stream?: boolean }).mode === "text" && (config as { stream?: boolean }).stream === true;
    nodes.set(node.id, { node, def, config, errors, sources: def.sources(config), incoming: 0, outgoing: [], returnResult, streamOutput });
  });

  const ids = graph.nodes.map((n) => n.id);
  const edges = graph.edges.filter((e) => nodes.has(e.source) && nodes.has(e.target));
  const ancestry = ancestors(ids, edges);
  checkEdges(graph.edges, nodes, indexOf, at, problems);

  for (const [id, c] of nodes) {
    const report = reporter(problems, `${at}.nodes[${indexOf.get(id)}].config`, c.node);
    const visible: Visible = new Map(outer);
    for (const a of ancestry.get(id) ?? []) visible.set(a, outputs.get(a) ?? {});
    for (const source of c.sources) checkSource(source, visible, allIds, report);
    const body = (c.def as NodeDefinition<unknown>).body?.(c.config);
    if (body) c.body = compileBody(c, body, visible, allIds, `${at}.nodes[${indexOf.get(id)}].config.body`, problems, report);
  }
  for (const e of edges) {
    nodes.get(e.target)!.incoming++;
    nodes.get(e.source)!.outgoing.push({ target: e.target, handle: e.sourceHandle });
  }
  const entries = ids.filter((id) => nodes.has(id) && nodes.get(id)!.incoming === 0);
  return {
    nodes,
    entries,
    startId: graph.nodes.find((n) => n.type === "Start")?.id,
    endId: graph.nodes.find((n) => n.type === "End")?.id,
  };
}

/** An Iteration body: its own small graph, whose nodes also see the Iteration's `item` and `index`. */
function compileBody(
  iteration: CompiledNode,
  body: WorkflowGraph,
  visible: Visible,
  allIds: Set<string>,
  at: string,
  problems: FieldProblem[],
  report: (field: string, message: string) => void,
): CompiledGraph {
  const before = problems.length;
  const add = (field: string, message: string) =>
    problems.push({ field: `${at}.${field}`, message: `Node ${iteration.node.id} ('${iteration.node.name}') body: ${message}` });
  const bodyIds = new Set<string>();
  body.nodes.forEach((n, i) => {
    if (!n || typeof n !== "object" || typeof n.id !== "string") {
      add(`nodes[${i}]`, "must be a node object");
      return;
    }
    if (!NODE_ID.test(n.id)) add(`nodes[${i}].id`, `'${n.id}' must look like <Type>_<4 letters or digits>`);
    if (allIds.has(n.id) || bodyIds.has(n.id)) add(`nodes[${i}].id`, `duplicate node id '${n.id}'`);
    if (!nodeDefinitions.has(n.type)) add(`nodes[${i}].type`, `unknown node type '${n.type}'`);
    else if (BODY_FORBIDDEN.has(n.type)) add(`nodes[${i}].type`, `a ${n.type} node cannot be inside an Iteration`);
    bodyIds.add(n.id);
    allIds.add(n.id);
  });
  body.edges.forEach((e, i) => {
    if (!e || !bodyIds.has(e.source)) add(`edges[${i}].source`, `no body node '${e?.source}'`);
    if (!e || !bodyIds.has(e.target)) add(`edges[${i}].target`, `no body node '${e?.target}'`);
  });
  if (problems.length > before) return { nodes: new Map(), entries: [], startId: undefined, endId: undefined };
  if (hasCycle([...bodyIds], body.edges)) add("edges", "edges form a cycle");
  const config = iteration.config as { items: string; output: string };
  const itemsRef = wholeRef(config.items);
  const itemsType = itemsRef ? refType(itemsRef.nodeId, itemsRef.path, visible) : undefined;
  const itemType: VarType = itemsType?.startsWith("Array<") ? (itemsType.slice(6, -1) as VarType) : "Any";
  const inner: Visible = new Map(visible);
  inner.set(iteration.node.id, { item: itemType, index: "Number" });
  const compiled = compileLevel(body as WorkflowGraph, at, inner, allIds, problems);
  // `output` is read after the body ran: every body node is visible to it.
  const afterBody: Visible = new Map(inner);
  for (const [id, c] of compiled.nodes) afterBody.set(id, (c.def as NodeDefinition<unknown>).outputs(c.config));
  checkSource({ field: "output", value: config.output }, afterBody, allIds, report);
  return compiled;
}

function checkEdges(edges: WorkflowEdge[], nodes: Map<string, CompiledNode>, indexOf: Map<string, number>, at: string, problems: FieldProblem[]) {
  const errorEdges = new Set<string>();
  edges.forEach((e, i) => {
    const source = nodes.get(e.source);
    if (!source) return;
    const handles = (source.def as NodeDefinition<unknown>).handles?.(source.config);
    const where = { field: `${at}.edges[${i}].sourceHandle`, prefix: `Node ${source.node.id} ('${source.node.name}'): ` };
    if (e.sourceHandle === "error") {
      errorEdges.add(e.source);
      if (source.errors.policy !== "branch") problems.push({ field: where.field, message: `${where.prefix}an 'error' edge needs onError: "branch"` });
    } else if (handles) {
      if (e.sourceHandle === undefined)
        problems.push({ field: where.field, message: `${where.prefix}choose the branch this edge leaves from: ${handles.join(", ")}` });
      else if (!handles.includes(e.sourceHandle))
        problems.push({ field: where.field, message: `${where.prefix}no branch '${e.sourceHandle}'; branches: ${handles.join(", ")}` });
    } else if (e.sourceHandle !== undefined) {
      problems.push({ field: where.field, message: `${where.prefix}${source.node.type} nodes have no branch '${e.sourceHandle}'` });
    }
  });
  for (const [id, c] of nodes) {
    if (c.errors.policy === "branch" && !errorEdges.has(id)) {
      problems.push({
        field: `${at}.nodes[${indexOf.get(id)}].config.onError`,
        message: `Node ${id} ('${c.node.name}'): onError "branch" needs an edge with sourceHandle "error"`,
      });
    }
  }
}

function refType(nodeId: string, path: string[], visible: Visible): VarType | undefined {
  const outs = visible.get(nodeId);
  const field = path[0]!;
  if (!outs || !Object.hasOwn(outs, field)) return undefined;
  return path.length > 1 ? "Any" : outs[field];
}

function checkSource(source: NodeSource, visible: Visible, allIds: Set<string>, report: (field: string, message: string) => void) {
  if (typeof source.value !== "string") return;
  for (const bad of malformedRefs(source.value)) report(source.field, `'${bad}' is not a variable reference; write {{Node_id.field}}`);
  const whole = wholeRef(source.value);
  for (const ref of refsIn(source.value)) {
    const outs = visible.get(ref.nodeId);
    const field = ref.path[0]!;
    if (!outs) {
      report(
        source.field,
        allIds.has(ref.nodeId)
          ? `${ref.raw} reads ${ref.nodeId}, which does not run before this node`
          : `${ref.raw} reads node '${ref.nodeId}', which does not exist`,
      );
    } else if (!Object.hasOwn(outs, field)) {
      report(source.field, `${ref.raw}: ${ref.nodeId} has no output '${field}' (outputs: ${Object.keys(outs).join(", ") || "none"})`);
    } else if (whole && source.expect) {
      const actual = refType(ref.nodeId, ref.path, visible)!;
      if (!typeCompatible(actual, source.expect)) report(source.field, `${ref.raw} is ${actual}, but this field needs ${source.expect}`);
    }
  }
  const structured = source.expect !== undefined && (source.expect.startsWith("Array") || source.expect === "Object" || source.expect === "Boolean");
  if (!whole && structured && source.value.trim() !== "")
    report(source.field, `must be a single variable reference of type ${source.expect}, e.g. {{Node_id.field}}`);
}

function reporter(problems: FieldProblem[], prefix: string, node: WorkflowNode) {
  return (field: string, message: string) => problems.push({ field: `${prefix}.${field}`, message: `Node ${node.id} ('${node.name}'), ${field}: ${message}` });
}
