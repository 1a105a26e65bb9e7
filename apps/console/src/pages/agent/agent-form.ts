import type { AgentConfig, HttpMethod, HttpTool } from "../../api/types";

/** A tool as edited: headers and the JSON-schema parameters stay text until saved. */
export interface ToolDraft {
  key: string;
  name: string;
  description: string;
  method: HttpMethod;
  url: string;
  timeoutMs: number;
  headersText: string;
  parametersText: string;
}

export type AgentForm = Omit<AgentConfig, "tools"> & { tools: ToolDraft[] };

let counter = 0;
const nextKey = () => `tool-${++counter}`;

const EMPTY_PARAMETERS = JSON.stringify({ type: "object", properties: {}, required: [] }, null, 2);

export function newTool(): ToolDraft {
  return { key: nextKey(), name: "", description: "", method: "GET", url: "https://", timeoutMs: 10_000, headersText: "", parametersText: EMPTY_PARAMETERS };
}

export function toForm(config: AgentConfig): AgentForm {
  return {
    ...config,
    tools: config.tools.map((t) => ({
      key: nextKey(),
      name: t.name,
      description: t.description,
      method: t.method,
      url: t.url,
      timeoutMs: t.timeoutMs,
      headersText: Object.entries(t.headers)
        .map(([k, v]) => `${k}: ${v}`)
        .join("\n"),
      parametersText: JSON.stringify(t.parameters, null, 2),
    })),
  };
}

export interface FormProblem {
  field: string;
  message: string;
}

function parseHeaders(text: string, where: string, problems: FormProblem[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [i, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (line === "") continue;
    const colon = line.indexOf(":");
    if (colon <= 0) {
      problems.push({ field: `${where}.headers`, message: `line ${i + 1}: use "Name: value"` });
      continue;
    }
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function parseParameters(text: string, where: string, problems: FormProblem[]): Record<string, unknown> {
  try {
    const value = JSON.parse(text || "{}") as unknown;
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("expected a JSON object");
    return value as Record<string, unknown>;
  } catch (e) {
    problems.push({ field: `${where}.parameters`, message: `not a JSON schema object: ${(e as Error).message}` });
    return {};
  }
}

/** Turns the edited form back into the API's AgentConfig, or lists what must be fixed first. */
export function fromForm(form: AgentForm): { config: AgentConfig; problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  const tools: HttpTool[] = form.tools.map((t, i) => {
    const where = `tools[${i}]`;
    if (!t.name.trim()) problems.push({ field: `${where}.name`, message: "a tool needs a name" });
    return {
      name: t.name.trim(),
      description: t.description,
      method: t.method,
      url: t.url.trim(),
      timeoutMs: t.timeoutMs,
      headers: parseHeaders(t.headersText, where, problems),
      parameters: parseParameters(t.parametersText, where, problems),
    };
  });
  const { tools: _drafts, ...rest } = form;
  const config: AgentConfig = { ...rest, tools };
  // Unset optional numbers are left out rather than sent as null.
  for (const key of ["temperature", "topP", "topK", "maxTokens", "seed"] as const) {
    if (config[key] === undefined || Number.isNaN(config[key])) delete config[key];
  }
  if (config.enableThinking === undefined) delete config.enableThinking;
  return { config, problems };
}

export const sameConfig = (a: AgentConfig, b: AgentConfig) => JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));

function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, normalize(v)]),
    );
  }
  return value;
}
