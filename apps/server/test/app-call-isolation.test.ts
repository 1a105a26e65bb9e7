import { testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toolNamesFor } from "../src/http/routes/mcp/tool-names.js";
import { type DashScopeFixture, startDashScopeFixture } from "./support/dashscope-fixture.js";
import { rawRequest } from "./support/raw-http.js";

/**
 * Cross-workspace isolation of every app-call surface: keys × hosts × apps. Each surface that
 * calls an app by API key is one row of `surfaces`; every combination must land on the same
 * decision (`authorizeAppCall`), whatever the surface and its error shape. Hosts are names only:
 * every request goes to the test server on 127.0.0.1.
 */
type Outcome = { status: number; code: string };

interface Surface {
  name: string;
  /** Calls `appId` with `key`, Host `host`, optional X-DashScope-WorkSpace. */
  call(base: string, key: string, host: string, appId: string, workspace?: string): Promise<Outcome>;
  /** The code this surface spells for a DashScope code. */
  spell(code: string): string;
}

const OPENAI_CODES: Record<string, string> = { InvalidApiKey: "invalid_api_key" };

const post = async (url: string, key: string, host: string, body: unknown, workspace?: string): Promise<Outcome> => {
  const headers: Record<string, string> = {
    authorization: `Bearer ${key}`,
    host,
    "content-type": "application/json",
    ...(workspace ? { "x-dashscope-workspace": workspace } : {}),
  };
  const res = await rawRequest(url, { method: "POST", headers, body: JSON.stringify(body) });
  const parsed = JSON.parse(res.text);
  return { status: res.status, code: res.status === 200 ? "" : (parsed.code ?? parsed.error?.code) };
};

/** MCP tool names of the apps, filled in once they exist (the tool of an app is named after it). */
const toolNameOf: Record<string, string> = {};

/**
 * An MCP `tools/call` of the app's tool. A refused caller gets the app API's error body; an app
 * the key may not call is simply not one of its tools, so MCP answers "Unknown tool" where the
 * other surfaces answer App.AccessDenied, read here as that outcome.
 */
const mcpToolCall = async (url: string, key: string, host: string, appId: string, workspace?: string): Promise<Outcome> => {
  const headers: Record<string, string> = {
    authorization: `Bearer ${key}`,
    host,
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    ...(workspace ? { "x-dashscope-workspace": workspace } : {}),
  };
  const message = { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: toolNameOf[appId], arguments: { prompt: "x" } } };
  const res = await rawRequest(url, { method: "POST", headers, body: JSON.stringify(message) });
  if (res.status !== 200) return { status: res.status, code: JSON.parse(res.text).code };
  const answer = JSON.parse(
    res.text
      .split("\n")
      .find((line) => line.startsWith("data: "))!
      .slice(6),
  );
  if (answer.error)
    return answer.error.message.includes("Unknown tool") ? { status: 403, code: "App.AccessDenied" } : { status: 500, code: answer.error.message };
  return answer.result.isError ? { status: 500, code: answer.result.structuredContent.code } : { status: 200, code: "" };
};

const surfaces: Surface[] = [
  {
    name: "DashScope completion",
    call: (base, key, host, appId, ws) => post(`${base}/api/v1/apps/${appId}/completion`, key, host, { input: { prompt: "x" } }, ws),
    spell: (code) => code,
  },
  {
    name: "OpenAI Chat Completions",
    call: (base, key, host, appId, ws) =>
      post(`${base}/compatible-mode/v1/chat/completions`, key, host, { model: appId, messages: [{ role: "user", content: "x" }] }, ws),
    spell: (code) => OPENAI_CODES[code] ?? code,
  },
  {
    name: "OpenAI Responses",
    call: (base, key, host, appId, ws) => post(`${base}/api/v2/apps/agent/${appId}/compatible-mode/v1/responses`, key, host, { model: "m", input: "x" }, ws),
    spell: (code) => OPENAI_CODES[code] ?? code,
  },
  {
    name: "MCP tools/call",
    call: (base, key, host, appId, ws) => mcpToolCall(`${base}/api/v1/mcp`, key, host, appId, ws),
    spell: (code) => code,
  },
];

describe.each(testDialects())("app-call isolation: keys × hosts × apps on every surface (%s)", (dialect) => {
  let f: DashScopeFixture;
  let port: string;
  const ws = {} as Record<"A" | "B", string>;
  const app = {} as Record<"A" | "B", string>;
  /** R: a region-scope key of workspace A (Model Studio's main-account key rule). */
  const key = {} as Record<"A" | "B" | "R" | "disabled", string>;

  beforeAll(async () => {
    f = await startDashScopeFixture({ dialect, env: { APPSTUDIO_APP_RPM: "100000", APPSTUDIO_KEY_RPM: "100000" } });
    port = new URL(f.server.url).port;
    const token = f.server.adminToken;
    ws.A = f.workspaceId;
    ws.B = (await f.server.call("POST", "/manage/v1/workspaces", { token, body: { name: `iso-b-${dialect}` } })).body.id;
    app.A = await f.publishAgent();
    const created = await f.server.call("POST", "/manage/v1/apps", {
      token,
      body: { workspaceId: ws.B, type: "agent", name: "b-agent", config: { model: "fake-model", instructions: "", dialogRounds: 1, tools: [] } },
    });
    app.B = created.body.id;
    await f.server.call("POST", `/manage/v1/apps/${app.B}/publish`, { token, body: {} });
    key.A = (await f.createKey()).secret;
    key.B = (await f.server.call("POST", "/manage/v1/api-keys", { token, body: { workspaceId: ws.B } })).body.secret;
    const disabled = await f.createKey();
    await f.server.call("POST", `/manage/v1/api-keys/${disabled.id}/disable`, { token });
    key.disabled = disabled.secret;
    key.R = (await f.createKey({ scope: "region" })).secret;
    for (const id of [app.A, app.B]) {
      const { name } = (await f.server.call("GET", `/manage/v1/apps/${id}`, { token })).body;
      toolNameOf[id] = toolNamesFor([{ id, name }]).get(id)!;
    }
  });
  afterAll(() => f?.close());

  const hosts = () => ({ shared: `localhost:${port}`, dedicatedA: `${ws.A}.local.localhost:${port}`, dedicatedB: `${ws.B}.local.localhost:${port}` });

  /**
   * The one rule, written out: what each key may reach on each host. A region key (R, of A) also
   * reaches the workspace its header names, on the shared host only.
   */
  function expected(k: "A" | "B" | "R" | "disabled", host: keyof ReturnType<typeof hosts>, a: "A" | "B", header?: "A" | "B"): Outcome {
    if (k === "disabled") return { status: 401, code: "InvalidApiKey" };
    const own = k === "R" ? "A" : k;
    const dedicated = host === "dedicatedA" ? "A" : host === "dedicatedB" ? "B" : null;
    if (dedicated && dedicated !== own) return { status: 403, code: "Workspace.AccessDenied" };
    const regionWide = k === "R" && !dedicated;
    if (header && header !== own && !regionWide) return { status: 403, code: "Workspace.AccessDenied" };
    if (a !== (header ?? own)) return { status: 403, code: "App.AccessDenied" };
    return { status: 200, code: "" };
  }

  for (const surface of surfaces) {
    it(`${surface.name}: a key reaches only its own workspace's apps, on every host`, async () => {
      for (const k of ["A", "B", "R", "disabled"] as const) {
        for (const [hostName, host] of Object.entries(hosts()) as [keyof ReturnType<typeof hosts>, string][]) {
          for (const a of ["A", "B"] as const) {
            for (const header of [undefined, "A", "B"] as const) {
              const want = expected(k, hostName, a, header);
              const got = await surface.call(f.server.url, key[k], host, app[a], header ? ws[header] : undefined);
              expect(got, `key ${k} on ${hostName}, app ${a}, header ${header ?? "-"}`).toEqual({ status: want.status, code: surface.spell(want.code) });
            }
          }
        }
      }
    });
  }

  it("lookups list only the key's own workspace's apps, and refuse other workspaces' hosts", async () => {
    const list = async (path: string, k: string, host: string) => {
      const res = await rawRequest(`${f.server.url}${path}`, { headers: { authorization: `Bearer ${k}`, host } });
      return { status: res.status, body: JSON.parse(res.text) };
    };
    const h = hosts();
    for (const [k, own, other] of [
      ["A", app.A, app.B],
      ["B", app.B, app.A],
    ] as const) {
      const secret = key[k];
      const openaiModels = await list("/compatible-mode/v1/models", secret, h.shared);
      expect(openaiModels.body.data.map((m: { id: string }) => m.id)).toContain(own);
      expect(openaiModels.body.data.map((m: { id: string }) => m.id)).not.toContain(other);
      const dashScopeApps = await list("/api/v1/apps", secret, h.shared);
      expect(dashScopeApps.body.items.map((a: { app_id: string }) => a.app_id)).not.toContain(other);
      const foreign = k === "A" ? h.dedicatedB : h.dedicatedA;
      expect((await list("/compatible-mode/v1/models", secret, foreign)).body.error.code).toBe("Workspace.AccessDenied");
      expect((await list("/api/v1/apps", secret, foreign)).body.code).toBe("Workspace.AccessDenied");
    }
  });
});
