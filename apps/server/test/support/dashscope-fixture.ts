import { type FakeModelServer, startFakeModelServer } from "@appstudio/core/testing";
import type { DialectName } from "@appstudio/storage";
import { startTestServer, type TestServer } from "../../src/testing/index.js";

export interface DashScopeFixture {
  server: TestServer;
  model: FakeModelServer;
  workspaceId: string;
  /** Publishes an agent app in the default workspace and returns its App ID. */
  publishAgent(config?: Record<string, unknown>, name?: string): Promise<string>;
  createKey(body?: Record<string, unknown>): Promise<{ id: string; secret: string }>;
  complete(appId: string, key: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/** A real server wired to a fake OpenAI-compatible model server, both on 127.0.0.1. */
export async function startDashScopeFixture(options: { dialect?: DialectName; env?: Record<string, string> } = {}): Promise<DashScopeFixture> {
  const model = await startFakeModelServer();
  const server = await startTestServer({
    ...(options.dialect ? { dialect: options.dialect } : {}),
    env: { APPSTUDIO_PROVIDERS: JSON.stringify([{ name: "fake", baseUrl: model.url, models: ["*"] }]), ...options.env },
  });
  const workspaces = await server.call("GET", "/manage/v1/workspaces", { token: server.adminToken });
  const workspaceId: string = workspaces.body.items[0].id;
  let counter = 0;
  return {
    server,
    model,
    workspaceId,
    async publishAgent(config = {}, name = `agent-${++counter}`) {
      const created = await server.call("POST", "/manage/v1/apps", {
        token: server.adminToken,
        body: { workspaceId, type: "agent", name, config: { model: "fake-model", instructions: "You are helpful.", dialogRounds: 3, tools: [], ...config } },
      });
      if (created.status !== 201) throw new Error(JSON.stringify(created.body));
      const published = await server.call("POST", `/manage/v1/apps/${created.body.id}/publish`, { token: server.adminToken, body: {} });
      if (published.status !== 200) throw new Error(JSON.stringify(published.body));
      return created.body.id as string;
    },
    async createKey(body = {}) {
      const created = await server.call("POST", "/manage/v1/api-keys", { token: server.adminToken, body: { workspaceId, ...body } });
      if (created.status !== 201) throw new Error(JSON.stringify(created.body));
      return { id: created.body.key.id, secret: created.body.secret };
    },
    complete(appId, key, body, headers = {}) {
      return fetch(`${server.url}/api/v1/apps/${appId}/completion`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
    },
    async close() {
      await server.close();
      await model.close();
    },
  };
}

/** Splits an SSE body into events, keeping every line as sent. */
export function parseSse(text: string): { id: string; event: string; status: string; data: any; raw: string }[] {
  return text
    .split("\n\n")
    .filter((block) => block.trim() !== "")
    .map((raw) => {
      const lines = raw.split("\n");
      const get = (prefix: string) => lines.find((l) => l.startsWith(prefix))?.slice(prefix.length) ?? "";
      return { id: get("id:"), event: get("event:"), status: get(":HTTP_STATUS/"), data: JSON.parse(get("data:")), raw };
    });
}
