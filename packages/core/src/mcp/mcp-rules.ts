import { throwIfProblems } from "../apps/validate-agent-config.js";
import type { FieldProblem } from "../errors.js";
import { type McpTransport, mcpTransports } from "./mcp-types.js";

/** Short: the name prefixes every tool name the model sees, and those are limited to 64 characters. */
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;
/** RFC 9110 token characters. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
/** Headers the transport itself sets; a stored value would break the protocol or the connection. */
const RESERVED_HEADERS = new Set([
  "host",
  "content-length",
  "content-type",
  "accept",
  "connection",
  "transfer-encoding",
  "mcp-session-id",
  "mcp-protocol-version",
  "last-event-id",
]);

export const mcpLimits = {
  maxHeaders: 20,
  maxHeaderValueChars: 8192,
  maxAllowedTools: 200,
  maxToolNameChars: 128,
  timeoutMs: { min: 1000, max: 120_000, default: 30_000 },
};

export interface McpServiceFields {
  name?: string;
  description?: string;
  url?: string;
  transport?: string;
  headers?: Record<string, string>;
  allowedTools?: string[];
  timeoutMs?: number;
}

export interface CheckedMcpServiceFields {
  name?: string;
  description?: string;
  url?: string;
  transport?: McpTransport;
  headers?: Record<string, string>;
  allowedTools?: string[];
  timeoutMs?: number;
}

/** Checks the fields present (all of them on create); every problem is reported at once. */
export function checkMcpServiceFields(input: McpServiceFields, creating: boolean): CheckedMcpServiceFields {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  const out: CheckedMcpServiceFields = {};

  if (input.name !== undefined || creating) {
    const name = String(input.name ?? "").trim();
    if (!NAME_PATTERN.test(name)) add("name", "use 1-32 letters, digits, '_' or '-', starting with a letter or digit");
    out.name = name;
  }
  if (input.description !== undefined) {
    if (input.description.length > 1000) add("description", "must be at most 1000 characters long");
    out.description = input.description;
  } else if (creating) out.description = "";
  if (input.url !== undefined || creating) {
    out.url = String(input.url ?? "").trim();
    const problem = urlProblem(out.url);
    if (problem) add("url", problem);
  }
  if (input.transport !== undefined || creating) {
    const transport = input.transport ?? "streamable-http";
    if (!(mcpTransports as readonly string[]).includes(transport)) add("transport", `must be one of: ${mcpTransports.join(", ")}`);
    out.transport = transport as McpTransport;
  }
  if (input.headers !== undefined) out.headers = checkHeaders(input.headers, add);
  else if (creating) out.headers = {};
  if (input.allowedTools !== undefined) out.allowedTools = checkAllowedTools(input.allowedTools, add);
  else if (creating) out.allowedTools = [];
  if (input.timeoutMs !== undefined || creating) {
    const { min, max } = mcpLimits.timeoutMs;
    const timeoutMs = input.timeoutMs ?? mcpLimits.timeoutMs.default;
    if (!(Number.isInteger(timeoutMs) && timeoutMs >= min && timeoutMs <= max)) add("timeoutMs", `must be a whole number from ${min} to ${max}`);
    out.timeoutMs = timeoutMs;
  }
  throwIfProblems(problems);
  return out;
}

function urlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "must be an absolute URL such as https://mcp.example.com/mcp";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "must be an http or https URL";
  if (url.username || url.password) return "must not contain credentials; put them in headers, which are stored sealed";
  if (text.length > 2000) return "must be at most 2000 characters long";
  return undefined;
}

function checkHeaders(headers: Record<string, string>, add: (field: string, message: string) => void): Record<string, string> {
  const entries = Object.entries(headers);
  if (entries.length > mcpLimits.maxHeaders) add("headers", `at most ${mcpLimits.maxHeaders} headers`);
  const seen = new Set<string>();
  for (const [name, value] of entries) {
    const lower = name.toLowerCase();
    if (!HEADER_NAME.test(name)) add(`headers.${name}`, "is not a valid header name");
    else if (RESERVED_HEADERS.has(lower)) add(`headers.${name}`, "is set by the MCP transport itself");
    if (seen.has(lower)) add(`headers.${name}`, "is given twice (header names ignore case)");
    seen.add(lower);
    if (typeof value !== "string" || value.length > mcpLimits.maxHeaderValueChars || /[\r\n\0]/.test(value))
      add(`headers.${name}`, `must be text of at most ${mcpLimits.maxHeaderValueChars} characters on one line`);
  }
  return headers;
}

function checkAllowedTools(tools: string[], add: (field: string, message: string) => void): string[] {
  if (tools.length > mcpLimits.maxAllowedTools) add("allowedTools", `at most ${mcpLimits.maxAllowedTools} tools`);
  const seen = new Set<string>();
  tools.forEach((tool, i) => {
    if (typeof tool !== "string" || tool.length === 0 || tool.length > mcpLimits.maxToolNameChars)
      add(`allowedTools[${i}]`, `must be a tool name of 1-${mcpLimits.maxToolNameChars} characters`);
    if (seen.has(tool)) add(`allowedTools[${i}]`, `lists '${tool}' twice`);
    seen.add(tool);
  });
  return tools;
}
