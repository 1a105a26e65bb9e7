import type { Workspace } from "../api/types";

export interface SnippetInput {
  appId: string;
  workspace: Pick<Workspace, "id" | "isDefault" | "endpoints">;
  prompt?: string;
  /** `${name}` variables of the instructions, sent as biz_params.user_prompt_params. */
  variables?: string[];
}

const DEFAULT_PROMPT = "Hello, who are you?";

function bizParams(variables: string[] | undefined): Record<string, unknown> | undefined {
  if (!variables || variables.length === 0) return undefined;
  return { user_prompt_params: Object.fromEntries(variables.map((v) => [v, `<${v}>`])) };
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const pyString = (s: string) => JSON.stringify(s);

/** curl against the workspace-dedicated base URL: the Workspace ID is part of the host. */
export function curlSnippet({ appId, workspace, prompt = DEFAULT_PROMPT, variables }: SnippetInput): string {
  const biz = bizParams(variables);
  const body = { input: { prompt, ...(biz ? { biz_params: biz } : {}) }, parameters: {}, debug: {} };
  const json = JSON.stringify(body, null, 2);
  return [
    `# App ID: ${appId}   Workspace ID: ${workspace.id}`,
    `curl -X POST ${shellQuote(`${workspace.endpoints.dedicatedBaseUrl}/apps/${appId}/completion`)} \\`,
    `  --header "Authorization: Bearer $DASHSCOPE_API_KEY" \\`,
    `  --header 'Content-Type: application/json' \\`,
    `  --data ${shellQuote(json)}`,
    "",
    "# Streaming: add  --header 'X-DashScope-SSE: enable'  and  \"incremental_output\": true  in parameters.",
    workspace.isDefault
      ? `# Shared host alternative: ${workspace.endpoints.sharedBaseUrl}/apps/${appId}/completion`
      : `# Shared host alternative: ${workspace.endpoints.sharedBaseUrl}/apps/${appId}/completion with --header 'X-DashScope-WorkSpace: ${workspace.id}'`,
  ].join("\n");
}

/** The official DashScope Python SDK, pointed at this workspace's base URL. */
export function pythonSnippet({ appId, workspace, prompt = DEFAULT_PROMPT, variables }: SnippetInput): string {
  const biz = bizParams(variables);
  return [
    "# pip install dashscope",
    "import os",
    "from http import HTTPStatus",
    "",
    "import dashscope",
    "from dashscope import Application",
    "",
    `# Workspace ${workspace.id}: its ID is part of the dedicated base URL`,
    `dashscope.base_http_api_url = '${workspace.endpoints.dedicatedBaseUrl}'`,
    "",
    "response = Application.call(",
    `    api_key=os.getenv("DASHSCOPE_API_KEY"),`,
    `    app_id='${appId}',`,
    `    prompt=${pyString(prompt)},`,
    ...(biz ? [`    biz_params=${JSON.stringify(biz)},`] : []),
    ")",
    "",
    "if response.status_code != HTTPStatus.OK:",
    "    print(f'request_id={response.request_id} code={response.status_code} message={response.message}')",
    "else:",
    "    print(response.output.text)",
  ].join("\n");
}

/** Plain fetch from Node.js 18+, no SDK needed. */
export function nodeSnippet({ appId, workspace, prompt = DEFAULT_PROMPT, variables }: SnippetInput): string {
  const biz = bizParams(variables);
  const input = JSON.stringify({ prompt, ...(biz ? { biz_params: biz } : {}) });
  return [
    `// Node.js 18+ (ESM). App ID ${appId}, Workspace ID ${workspace.id}`,
    `const baseUrl = '${workspace.endpoints.dedicatedBaseUrl}';`,
    `const appId = '${appId}';`,
    "",
    "const response = await fetch(`${baseUrl}/apps/${appId}/completion`, {",
    "  method: 'POST',",
    "  headers: {",
    "    Authorization: `Bearer ${process.env.DASHSCOPE_API_KEY}`,",
    "    'Content-Type': 'application/json',",
    "  },",
    `  body: JSON.stringify({ input: ${input}, parameters: {}, debug: {} }),`,
    "});",
    "const data = await response.json();",
    "if (!response.ok) throw new Error(`${data.code}: ${data.message} (request ${data.request_id})`);",
    "console.log(data.output.text);",
  ].join("\n");
}
