import OpenAI from "openai";
import { fetchWithHost } from "./host-fetch.js";

/** The official client on Chat Completions and the model list (`/compatible-mode/v1`), without retries. */
export function chatClient(serverUrl: string, apiKey: string, options: { host?: string; workspace?: string } = {}): OpenAI {
  return new OpenAI({
    baseURL: `${serverUrl}/compatible-mode/v1`,
    apiKey,
    maxRetries: 0,
    ...(options.host ? { fetch: fetchWithHost(options.host) } : {}),
    ...(options.workspace ? { defaultHeaders: { "X-DashScope-WorkSpace": options.workspace } } : {}),
  });
}

/** The official client on one app's Responses API, at Model Studio's path. */
export function responsesClient(serverUrl: string, appId: string, apiKey: string, options: { host?: string; workspace?: string } = {}): OpenAI {
  return new OpenAI({
    baseURL: `${serverUrl}/api/v2/apps/agent/${appId}/compatible-mode/v1`,
    apiKey,
    maxRetries: 0,
    ...(options.host ? { fetch: fetchWithHost(options.host) } : {}),
    ...(options.workspace ? { defaultHeaders: { "X-DashScope-WorkSpace": options.workspace } } : {}),
  });
}
