import type { HttpTool } from "../apps/app-types.js";
import { DEFAULT_MAX_JSON_DEPTH, pathBeyondDepth } from "../json-depth.js";
import type { ToolHttpClient, ToolHttpRequest } from "../ports/tool-http-client.js";

/** Longest observation handed back to the model; a bigger response would eat the context window. */
export const MAX_OBSERVATION_CHARS = 16_000;

export interface ToolExecution {
  /** The arguments actually sent (model arguments merged with business pass-through values). */
  input: Record<string, unknown>;
  /** What the model reads next: the response body, or a description of the failure. */
  observation: string;
  ok: boolean;
}

/**
 * Runs one HTTP tool call. Never throws for tool-side problems (bad arguments, refused URL,
 * HTTP errors, timeouts): those become an observation so the model can explain or recover.
 * Only an abort of `signal` propagates, because then the whole run is over.
 */
export async function executeTool(
  tool: HttpTool,
  rawArguments: string,
  passThrough: Record<string, unknown> | undefined,
  client: ToolHttpClient,
  signal: AbortSignal,
): Promise<ToolExecution> {
  const parsed = parseArguments(rawArguments);
  if (typeof parsed === "string") return { input: {}, observation: parsed, ok: false };
  // Pass-through values win: they are what the caller vouches for (user IDs, tenant keys) and
  // the model must not be able to override them.
  const input = { ...parsed, ...(passThrough ?? {}) };

  let request: ToolHttpRequest;
  try {
    request = buildToolRequest(tool, input, signal);
  } catch (e) {
    return { input, observation: `Error: ${(e as Error).message}`, ok: false };
  }

  try {
    const res = await client.request(request);
    const body = truncate(res.body);
    if (res.status >= 200 && res.status < 300) return { input, observation: body, ok: true };
    return { input, observation: `Error: the tool returned HTTP ${res.status}${body ? `: ${body}` : ""}`, ok: false };
  } catch (e) {
    if (signal.aborted) throw signal.reason;
    const err = e as Error;
    const why = err.name === "TimeoutError" ? `no response within ${tool.timeoutMs} ms` : err.message || String(e);
    return { input, observation: `Error: the tool call failed: ${why}`, ok: false };
  }
}

/** The model's arguments as an object, or the observation explaining why they are unusable. */
export function parseArguments(raw: string): Record<string, unknown> | string {
  if (raw.trim() === "") return {};
  try {
    const value: unknown = JSON.parse(raw);
    if (value === null || typeof value !== "object" || Array.isArray(value)) return "Error: tool arguments must be a JSON object.";
    // The arguments are sent, recorded and streamed back as thoughts: too deep, any of that overflows.
    if (pathBeyondDepth(value, DEFAULT_MAX_JSON_DEPTH)) return `Error: tool arguments may nest at most ${DEFAULT_MAX_JSON_DEPTH} levels deep.`;
    return value as Record<string, unknown>;
  } catch {
    return `Error: tool arguments are not valid JSON: ${truncate(raw, 200)}`;
  }
}

/** GET and DELETE carry arguments in the query string; the other methods send a JSON body. */
export function buildToolRequest(tool: HttpTool, input: Record<string, unknown>, signal: AbortSignal): ToolHttpRequest {
  let url: URL;
  try {
    url = new URL(tool.url);
  } catch {
    throw new Error(`the tool URL '${tool.url}' is not an absolute URL`);
  }
  // Config validation checks this too; repeated here because stored configs predate rules.
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`refused to call '${url.protocol}' URL; tools may only use http or https`);
  }
  const headers = { ...tool.headers };
  const inQuery = tool.method === "GET" || tool.method === "DELETE";
  if (inQuery) {
    for (const [key, value] of Object.entries(input)) {
      if (value === undefined || value === null) continue;
      url.searchParams.set(key, typeof value === "string" ? value : JSON.stringify(value));
    }
  } else if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
    headers["content-type"] = "application/json";
  }
  return {
    method: tool.method,
    url: url.toString(),
    headers,
    ...(inQuery ? {} : { body: JSON.stringify(input) }),
    timeoutMs: tool.timeoutMs,
    signal,
  };
}

function truncate(text: string, max = MAX_OBSERVATION_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)}… [truncated ${text.length - max} chars]`;
}
