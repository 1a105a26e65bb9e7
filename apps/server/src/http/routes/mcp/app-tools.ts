import {
  type AgentConfig,
  type App,
  type AppCaller,
  type AppVersion,
  appsCallableBy,
  instructionVariables,
  type StartVariable,
  type VarType,
  type WorkflowGraph,
} from "@appstudio/core";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import type { Container } from "../../../container.js";
import { toolNamesFor } from "./tool-names.js";

/** One app offered as an MCP tool: the tool as listed, and what a call of it runs. */
export interface AppTool {
  tool: Tool;
  app: App;
  version: AppVersion;
}

/** Most apps listed as tools; a key that may call more should be narrowed with an app allowlist. */
const MAX_APP_TOOLS = 500;
const PAGE = 100;

type JsonSchema = Record<string, unknown>;

/**
 * The published apps the caller may call (`appsCallableBy`, the same filter as `GET /api/v1/apps`),
 * each as a tool with a unique name (`toolNamesFor`) and an input schema from its parameters.
 */
export async function appToolsFor(container: Container, caller: AppCaller): Promise<AppTool[]> {
  const apps: App[] = [];
  for (let offset = 0; offset < MAX_APP_TOOLS; offset += PAGE) {
    const page = await container.core.repos.apps.list({ ...appsCallableBy(caller), publishedOnly: true, limit: PAGE, offset });
    apps.push(...page.items);
    if (page.items.length < PAGE) break;
  }
  // Oldest first, so the list reads in a stable order as apps are edited.
  apps.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  const names = toolNamesFor(apps);
  const tools: AppTool[] = [];
  for (const app of apps) {
    const version = app.publishedVersion === null ? undefined : await container.core.repos.apps.findVersion(app.id, app.publishedVersion);
    if (version) tools.push({ app, version, tool: toolOf(app, version, names.get(app.id) ?? app.id) });
  }
  return tools;
}

function toolOf(app: App, version: AppVersion, name: string): Tool {
  const kind = app.type === "workflow" ? "Workflow app" : "Agent app";
  const about = app.description.trim() || `${kind} "${app.name}".`;
  return {
    name,
    title: app.name,
    description: `${about}\n\n${kind}, App ID ${app.id}. Returns the app's answer; pass the session_id it returns to continue the conversation.`,
    inputSchema: inputSchemaOf(app, version) as Tool["inputSchema"],
    annotations: { title: app.name, readOnlyHint: false, destructiveHint: false, openWorldHint: true },
    _meta: { "appstudio/app_id": app.id, "appstudio/app_type": app.type, "appstudio/workspace_id": app.workspaceId },
  };
}

const sessionId: JsonSchema = {
  type: "string",
  pattern: "^[0-9a-f]{32}$",
  description: "Continue an earlier conversation: the session_id a previous call of this tool returned.",
};

/** The arguments of an app's tool: the completion call's `input` (prompt, session_id, biz_params). */
function inputSchemaOf(app: App, version: AppVersion): JsonSchema {
  const properties: Record<string, JsonSchema> = { prompt: { type: "string", minLength: 1, description: "What to ask the app." } };
  const required = ["prompt"];
  if (app.type === "agent") {
    const config = version.config as AgentConfig;
    properties.session_id = sessionId;
    const variables = instructionVariables(config.instructions ?? "");
    if (variables.length > 0) {
      properties.biz_params = {
        type: "object",
        description: "Values for the app's prompt variables.",
        properties: {
          user_prompt_params: {
            type: "object",
            description: "Fills ${name} in the app's instructions.",
            properties: Object.fromEntries(variables.map((v) => [v, { type: "string" }])),
          },
        },
      };
    }
    if (config.longTermMemory?.enabled) properties.memory_id = { type: "string", description: "Long-term memory store to recall from and add to." };
  } else {
    const graph = version.config as WorkflowGraph;
    if (graph.kind === "dialog") properties.session_id = sessionId;
    const variables = startVariablesOf(graph);
    if (variables.length > 0) {
      const mandatory = variables.filter((v) => v.required && v.default === undefined).map((v) => v.name);
      properties.biz_params = {
        type: "object",
        description: "Values for the workflow's Start variables.",
        properties: Object.fromEntries(variables.map((v) => [v.name, { ...schemaOfType(v.type), ...(v.description ? { description: v.description } : {}) }])),
        ...(mandatory.length > 0 ? { required: mandatory } : {}),
      };
      if (mandatory.length > 0) required.push("biz_params");
    }
  }
  return { type: "object", properties, required };
}

function startVariablesOf(graph: WorkflowGraph): StartVariable[] {
  const start = graph.nodes.find((n) => n.type === "Start");
  const variables = (start?.config as { variables?: unknown } | undefined)?.variables;
  return Array.isArray(variables) ? (variables as StartVariable[]) : [];
}

function schemaOfType(type: VarType): JsonSchema {
  const array = /^Array<(.+)>$/.exec(type)?.[1];
  if (array) return array === "Any" ? { type: "array" } : { type: "array", items: schemaOfType(array as VarType) };
  switch (type) {
    case "String":
      return { type: "string" };
    case "Number":
      return { type: "number" };
    case "Boolean":
      return { type: "boolean" };
    case "Object":
      return { type: "object" };
    case "File":
      return { type: "string", description: "URL of the file" };
    default:
      return {};
  }
}
