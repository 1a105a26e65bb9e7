import type { WorkflowNode } from "../../api/types";

/** Node types the workflow engine runs, in palette order (docs/workflows.md). */
export const NODE_TYPES = [
  "Start",
  "End",
  "LLM",
  "KnowledgeRetrieval",
  "IntentClassification",
  "Condition",
  "Script",
  "HttpRequest",
  "TextConversion",
  "VariableAssignment",
  "ParameterExtraction",
  "Iteration",
  "AppComponent",
  "MCP",
] as const;
export type NodeType = (typeof NODE_TYPES)[number];

export const isNodeType = (t: string): t is NodeType => (NODE_TYPES as readonly string[]).includes(t);

/** Variable types of Start variables, Script outputs, assignments and extracted parameters. */
export const VAR_TYPES = [
  "String",
  "Number",
  "Boolean",
  "Object",
  "File",
  "Array<String>",
  "Array<Number>",
  "Array<Boolean>",
  "Array<Object>",
  "Array<File>",
] as const;

/** The one node of its kind every graph has; never deletable, never inside an Iteration. */
export const SINGLETON_TYPES: ReadonlySet<string> = new Set(["Start", "End"]);
/** Types an Iteration body may not hold. */
export const BODY_FORBIDDEN: ReadonlySet<string> = new Set(["Start", "End", "Iteration"]);

interface NodeTypeInfo {
  label: string;
  color: string;
  description: string;
  /** Config of a freshly added node; `model` is a default model ID (may be empty). */
  defaults: (model: string) => Record<string, unknown>;
}

export const NODE_INFO: Record<NodeType, NodeTypeInfo> = {
  Start: { label: "Start", color: "#2f9e44", description: "Inputs: the prompt, history, images and your variables", defaults: () => ({ variables: [] }) },
  End: { label: "End", color: "#343a40", description: "The answer: a template or JSON", defaults: () => ({ mode: "text", template: "", stream: true }) },
  LLM: {
    label: "LLM",
    color: "#4263eb",
    description: "Calls a model with prompt templates; streams",
    defaults: (model) => ({ model, systemPrompt: "", userPrompt: "" }),
  },
  KnowledgeRetrieval: {
    label: "Knowledge retrieval",
    color: "#0b7285",
    description: "Searches knowledge bases; the ranked chunks become a list",
    defaults: () => ({ query: "", knowledgeBaseIds: [], topK: 5 }),
  },
  IntentClassification: {
    label: "Intent classification",
    color: "#ae3ec9",
    description: "A model picks one of several branches",
    defaults: (model) => ({ model, query: "", intents: [{ id: "intent_1", description: "" }], instruction: "" }),
  },
  Condition: {
    label: "Condition",
    color: "#f08c00",
    description: "if / else-if / else over typed comparisons",
    defaults: () => ({ branches: [{ id: "branch_1", logic: "and", conditions: [{ left: "", operator: "equals", right: "" }] }] }),
  },
  Script: {
    label: "Script",
    color: "#7048e8",
    description: "JavaScript in a sandbox: JSON in, JSON out",
    defaults: () => ({
      code: 'function main(inputs) {\n  return { result: String(inputs.text ?? "") };\n}\n',
      inputs: [{ name: "text", value: "" }],
      outputs: [{ name: "result", type: "String" }],
    }),
  },
  HttpRequest: {
    label: "HTTP request",
    color: "#1098ad",
    description: "Calls an HTTP API; the answer is parsed",
    defaults: () => ({ method: "GET", url: "", headers: {}, query: {}, bodyType: "none", body: "", failOnHttpError: true }),
  },
  TextConversion: { label: "Text conversion", color: "#0ca678", description: "Renders a template into text", defaults: () => ({ template: "" }) },
  VariableAssignment: {
    label: "Variable assignment",
    color: "#5c940d",
    description: "Gives values names and types",
    defaults: () => ({ assignments: [{ name: "value", value: "", type: "String" }] }),
  },
  ParameterExtraction: {
    label: "Parameter extraction",
    color: "#d6336c",
    description: "A model reads typed fields out of text",
    defaults: (model) => ({ model, input: "", parameters: [{ name: "param", type: "String", description: "", required: true }], instruction: "" }),
  },
  Iteration: {
    label: "Iteration",
    color: "#1c7ed6",
    description: "Runs a sub-graph once per array item",
    defaults: () => ({ items: "", concurrency: 1, body: { nodes: [], edges: [] }, output: "" }),
  },
  AppComponent: {
    label: "App component",
    color: "#a9780e",
    description: "Calls a published agent app of this workspace",
    defaults: () => ({ appId: "", prompt: "", promptParams: {}, returnResult: false }),
  },
  MCP: {
    label: "MCP",
    color: "#495057",
    description: "Calls a tool of an MCP service of this workspace",
    defaults: () => ({ serviceId: "", tool: "", arguments: {} }),
  },
};

export const nodeColor = (type: string) => (isNodeType(type) ? NODE_INFO[type].color : "#868e96");
export const nodeLabel = (type: string) => (isNodeType(type) ? NODE_INFO[type].label : type);

export interface OutputVar {
  name: string;
  type: string;
}

type Config = Record<string, unknown>;
const list = (config: Config, key: string): Config[] =>
  Array.isArray(config[key]) ? (config[key] as unknown[]).filter((x): x is Config => !!x && typeof x === "object") : [];
const named = (config: Config, key: string, typeKey = "type", fallback = "String"): OutputVar[] =>
  list(config, key)
    .filter((x) => typeof x.name === "string" && x.name !== "")
    .map((x) => ({ name: x.name as string, type: typeof x[typeKey] === "string" ? (x[typeKey] as string) : fallback }));

/** The outputs a node offers to later nodes, as the engine declares them. */
export function nodeOutputs(node: Pick<WorkflowNode, "type" | "config">): OutputVar[] {
  const c = node.config ?? {};
  let outs: OutputVar[];
  switch (node.type) {
    case "Start":
      outs = [
        { name: "query", type: "String" },
        { name: "historyList", type: "Array<Object>" },
        { name: "imageList", type: "Array<File>" },
        ...named(c, "variables"),
      ];
      break;
    case "LLM":
      outs = [
        { name: "result", type: "String" },
        { name: "reasoningContent", type: "String" },
      ];
      break;
    case "KnowledgeRetrieval":
      outs = [{ name: "result", type: "Array<Object>" }];
      break;
    case "MCP":
      outs = [
        { name: "result", type: "String" },
        { name: "json", type: "Any" },
      ];
      break;
    case "IntentClassification":
      outs = [{ name: "intent", type: "String" }];
      break;
    case "Condition":
      outs = [{ name: "branch", type: "String" }];
      break;
    case "Script":
      outs = named(c, "outputs");
      break;
    case "HttpRequest":
      outs = [
        { name: "status", type: "Number" },
        { name: "body", type: "String" },
        { name: "json", type: "Any" },
      ];
      break;
    case "VariableAssignment":
      outs = named(c, "assignments", "type", "Any");
      break;
    case "ParameterExtraction":
      outs = named(c, "parameters");
      break;
    case "Iteration":
      outs = [{ name: "results", type: "Array<Any>" }];
      break;
    default: // End, TextConversion, AppComponent
      outs = [{ name: "result", type: "String" }];
  }
  if (c.onError === "default" || c.onError === "branch") outs = [...outs, { name: "errorCode", type: "String" }, { name: "errorMessage", type: "String" }];
  return outs;
}

export interface BranchHandle {
  id: string;
  label: string;
}

/** Source handles of a node: its branches (Condition, Intent classification) or `null` for one plain output. */
export function branchHandles(node: Pick<WorkflowNode, "type" | "config">): BranchHandle[] | null {
  const c = node.config ?? {};
  if (node.type === "Condition") {
    const ids = list(c, "branches").map((b, i) => ({ id: String(b.id ?? ""), label: i === 0 ? `IF ${b.id ?? ""}` : `ELIF ${b.id ?? ""}` }));
    return [...ids.filter((h) => h.id !== ""), { id: "else", label: "ELSE" }];
  }
  if (node.type === "IntentClassification") {
    const ids = list(c, "intents").map((it) => ({ id: String(it.id ?? ""), label: String(it.id ?? "") }));
    return [...ids.filter((h) => h.id !== ""), { id: "else", label: "other" }];
  }
  return null;
}

export const hasErrorBranch = (node: Pick<WorkflowNode, "config">) => node.config?.onError === "branch";
