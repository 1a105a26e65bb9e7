import type { McpServiceAttachment } from "../apps/app-types.js";
import { AppError, invalidField } from "../errors.js";
import type { ToolDefinition } from "../ports/model-provider.js";
import type { McpAccess } from "./mcp-access.js";
import { MCP_SERVICE_ID_PATTERN } from "./mcp-lookups.js";
import type { McpConnection, McpToolInfo } from "./mcp-ports.js";
import { mcpTarget, redactHeaders } from "./mcp-target.js";
import type { McpServiceRecord } from "./mcp-types.js";

/** Longest observation handed back to the model (as for HTTP tools). */
const MAX_OBSERVATION_CHARS = 16_000;

/** One tool as the model sees it, and where it really lives. */
interface OfferedTool {
  definition: ToolDefinition;
  service: McpServiceRecord;
  tool: string;
  connection: McpConnection;
  headers: Record<string, string>;
}

export interface McpToolCallResult {
  input: Record<string, unknown>;
  observation: string;
  ok: boolean;
}

/** A service that could not be reached when the turn started; shown as a failed step. */
export interface McpServiceProblem {
  service: string;
  error: string;
}

export interface McpToolset {
  definitions: ToolDefinition[];
  problems: McpServiceProblem[];
  has(name: string): boolean;
  call(name: string, input: Record<string, unknown>, signal: AbortSignal): Promise<McpToolCallResult>;
  close(): Promise<void>;
}

export interface OpenMcpToolsetInput {
  access: McpAccess | undefined;
  workspaceId: string | undefined;
  /** The app's attached services. */
  attached: McpServiceAttachment[];
  /** `parameters.mcp_servers` of the call: more services of the workspace, by ID or name. */
  requested: string[];
  /** Names already taken (the app's HTTP tools); MCP tools are named around them. */
  takenNames: Iterable<string>;
  signal: AbortSignal;
  onWarning?: (message: string, details: Record<string, unknown>) => void;
}

/**
 * Connects to the services an agent turn uses and lists their tools. Requested services that are
 * not the workspace's are a 400 (`InvalidParameter`, unknown and foreign read the same); attached
 * services deleted since are skipped with a warning. A service that cannot be reached does not
 * fail the turn: its tools are left out and the problem is reported for the thoughts.
 */
export async function openMcpToolset(input: OpenMcpToolsetInput): Promise<McpToolset> {
  const wanted = await resolveServices(input);
  if (wanted.length === 0) return emptyToolset;
  const { access } = input;
  if (!access) throw new AppError("InvokePluginFailed", "MCP services are not available in this context.");

  const opened = await Promise.all(wanted.map(({ service, tools }) => listServiceTools(access, service, tools, input.signal)));
  const taken = new Set(input.takenNames);
  const offered = new Map<string, OfferedTool>();
  const problems: McpServiceProblem[] = [];
  const connections: McpConnection[] = [];
  for (const result of opened) {
    if ("error" in result) {
      problems.push({ service: result.service.name, error: result.error });
      continue;
    }
    connections.push(result.connection);
    for (const tool of result.tools) {
      const name = uniqueName(exposedName(result.service.name, tool.name), taken);
      taken.add(name);
      offered.set(name, {
        definition: { name, description: tool.description || `${tool.name} (MCP service ${result.service.name})`, parameters: objectSchema(tool.inputSchema) },
        service: result.service,
        tool: tool.name,
        connection: result.connection,
        headers: result.headers,
      });
    }
  }
  return {
    definitions: [...offered.values()].map((o) => o.definition),
    problems,
    has: (name) => offered.has(name),
    async call(name, args, signal) {
      const tool = offered.get(name);
      if (!tool) return { input: args, observation: `Error: there is no tool named '${name}'.`, ok: false };
      return callOffered(tool, args, signal);
    },
    async close() {
      await Promise.all(connections.map((c) => c.close()));
    },
  };
}

const emptyToolset: McpToolset = {
  definitions: [],
  problems: [],
  has: () => false,
  call: async (name, input) => ({ input, observation: `Error: there is no tool named '${name}'.`, ok: false }),
  close: async () => {},
};

async function resolveServices(input: OpenMcpToolsetInput): Promise<{ service: McpServiceRecord; tools: string[] | undefined }[]> {
  if (input.attached.length === 0 && input.requested.length === 0) return [];
  const { access, workspaceId } = input;
  if (!access || !workspaceId) throw new AppError("InvokePluginFailed", "MCP services are not available in this context.");
  const out = new Map<string, { service: McpServiceRecord; tools: string[] | undefined }>();
  const skipped: string[] = [];
  for (const a of input.attached) {
    const service = await access.services.find(workspaceId, a.serviceId);
    if (service) out.set(service.id, { service, tools: a.tools });
    else skipped.push(a.serviceId);
  }
  if (skipped.length > 0) input.onWarning?.("the app attaches MCP services that no longer exist; they were skipped", { mcpServiceIds: skipped });
  for (const [i, ref] of input.requested.entries()) {
    const service =
      (MCP_SERVICE_ID_PATTERN.test(ref) ? await access.services.find(workspaceId, ref) : undefined) ?? (await access.services.findByName(workspaceId, ref));
    if (!service) throw invalidField(`parameters.mcp_servers[${i}]`, `no MCP service '${ref}' in this workspace`);
    // An attached service keeps the app's choice of tools; a requested one offers all its allowed tools.
    if (!out.has(service.id)) out.set(service.id, { service, tools: undefined });
  }
  return [...out.values()];
}

async function listServiceTools(
  access: McpAccess,
  service: McpServiceRecord,
  only: string[] | undefined,
  signal: AbortSignal,
): Promise<
  { service: McpServiceRecord; connection: McpConnection; tools: McpToolInfo[]; headers: Record<string, string> } | { service: McpServiceRecord; error: string }
> {
  let headers: Record<string, string> = {};
  let connection: McpConnection | undefined;
  try {
    const target = mcpTarget(access.sealer, service);
    headers = target.headers;
    connection = await access.connector.connect(target, signal);
    const listed = await connection.listTools(signal);
    const allowed = service.allowedTools.length > 0 ? new Set(service.allowedTools) : undefined;
    const chosen = only && only.length > 0 ? new Set(only) : undefined;
    const tools = listed.filter((t) => (!allowed || allowed.has(t.name)) && (!chosen || chosen.has(t.name)));
    return { service, connection, tools, headers };
  } catch (e) {
    await connection?.close();
    if (signal.aborted) throw signal.reason;
    return { service, error: redactHeaders(describe(e, service.timeoutMs), headers) };
  }
}

async function callOffered(tool: OfferedTool, input: Record<string, unknown>, signal: AbortSignal): Promise<McpToolCallResult> {
  try {
    const result = await tool.connection.callTool(tool.tool, input, signal);
    const text = result.text !== "" || result.structured === undefined ? result.text : JSON.stringify(result.structured);
    const observation = redactHeaders(truncate(text), tool.headers);
    if (result.isError) return { input, observation: `Error: the MCP tool reported an error: ${observation}`, ok: false };
    return { input, observation, ok: true };
  } catch (e) {
    if (signal.aborted) throw signal.reason;
    return { input, observation: `Error: the MCP tool call failed: ${redactHeaders(describe(e, tool.service.timeoutMs), tool.headers)}`, ok: false };
  }
}

function describe(e: unknown, timeoutMs: number): string {
  const err = e as Error;
  if (err?.name === "TimeoutError") return `no response within ${timeoutMs} ms`;
  return err?.message || String(e);
}

/** `service__tool`, cut to the 64 characters and the alphabet model APIs accept for function names. */
export function exposedName(service: string, tool: string): string {
  return `${service}__${tool.replace(/[^A-Za-z0-9_-]/g, "_")}`.slice(0, 64);
}

function uniqueName(name: string, taken: Set<string>): string {
  if (!taken.has(name)) return name;
  for (let n = 2; ; n++) {
    const suffix = `_${n}`;
    const candidate = `${name.slice(0, 64 - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** Models require an object schema; servers sometimes omit `type` or `properties`. */
function objectSchema(schema: Record<string, unknown>): Record<string, unknown> {
  return { ...schema, type: "object", properties: schema.properties ?? {} };
}

function truncate(text: string, max = MAX_OBSERVATION_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)}… [truncated ${text.length - max} chars]`;
}
