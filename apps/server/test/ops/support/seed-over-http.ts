/** What a test needs to call an app: a management token, the app, and an API key of its workspace. */
export interface Seeded {
  token: string;
  workspaceId: string;
  appId: string;
  key: { id: string; secret: string };
}

/** JSON request against the management API; throws on an unexpected status so set-up failures read clearly. */
export async function manage(base: string, token: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Signs in as the main account, then creates a token, a published agent app on model `fake-model`, and an API key. */
export async function seedOverHttp(base: string, password: string): Promise<Seeded> {
  const signIn = await fetch(`${base}/manage/v1/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ loginName: "admin", password }),
  });
  if (signIn.status !== 200) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
  const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
  const pat = await fetch(`${base}/manage/v1/tokens`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json" },
    body: JSON.stringify({ name: "ops" }),
  });
  const token = (await pat.json()).secret as string;
  const workspaces = await manage(base, token, "GET", "/manage/v1/workspaces");
  const workspaceId = workspaces.items[0].id as string;
  const app = await manage(base, token, "POST", "/manage/v1/apps", {
    workspaceId,
    type: "agent",
    name: "ops-agent",
    config: { model: "fake-model", instructions: "", dialogRounds: 5, tools: [] },
  });
  await manage(base, token, "POST", `/manage/v1/apps/${app.id}/publish`, {});
  const created = await manage(base, token, "POST", "/manage/v1/api-keys", { workspaceId });
  return { token, workspaceId, appId: app.id, key: { id: created.key.id, secret: created.secret } };
}

/** POSTs an app call; with `stream`, asks for SSE. */
export function completion(base: string, seeded: Seeded, prompt: string, options: { stream?: boolean; signal?: AbortSignal } = {}): Promise<Response> {
  return fetch(`${base}/api/v1/apps/${seeded.appId}/completion`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${seeded.key.secret}`,
      "content-type": "application/json",
      ...(options.stream ? { "x-dashscope-sse": "enable" } : {}),
    },
    body: JSON.stringify({ input: { prompt } }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
