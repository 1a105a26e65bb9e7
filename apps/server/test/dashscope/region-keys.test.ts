import { type FakeModelServer, startFakeModelServer } from "@appstudio/core/testing";
import { testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../src/testing/index.js";
import { addMember, createToken, createUser, createWorkspace } from "../support/accounts.js";
import { expectError } from "../support/error-body.js";
import { rawPost } from "../support/raw-http.js";

/**
 * Model Studio's main-account key rule: a region-scope key may call apps of every workspace of
 * its region on the shared host, naming the workspace in X-DashScope-WorkSpace; it is refused on
 * other workspaces' dedicated hosts and in other regions. Only super administrators create one.
 */
describe.each(testDialects())("region-scope API keys (%s)", (dialect) => {
  let server: TestServer;
  let model: FakeModelServer;
  let port: string;
  let home: string;
  let sibling: string;
  let euWs: string;
  let siblingApp: string;
  let euApp: string;
  let regionKey: { id: string; secret: string };
  let workspaceKey: string;
  let adminOfHome: string;

  const admin = (method: string, path: string, body?: unknown) => server.call(method, `/manage/v1${path}`, { token: server.adminToken, body });

  async function publishAgent(workspaceId: string): Promise<string> {
    const created = await admin("POST", "/apps", {
      workspaceId,
      type: "agent",
      name: `agent-${workspaceId}`,
      config: { model: "fake-model", instructions: "", dialogRounds: 3, tools: [] },
    });
    expect((await admin("POST", `/apps/${created.body.id}/publish`, {})).status).toBe(200);
    return created.body.id;
  }

  const complete = (appId: string, key: string, headers: Record<string, string> = {}) =>
    server.call("POST", `/api/v1/apps/${appId}/completion`, { headers: { authorization: `Bearer ${key}`, ...headers }, body: { input: { prompt: "hi" } } });

  beforeAll(async () => {
    model = await startFakeModelServer();
    server = await startTestServer({
      dialect,
      env: {
        APPSTUDIO_PROVIDERS: JSON.stringify([{ name: "fake", baseUrl: model.url, models: ["*"] }]),
        APPSTUDIO_REGIONS: JSON.stringify([
          { id: "local", name: "Local", sharedOrigin: "http://127.0.0.1:8080", apiDomain: "localhost" },
          { id: "eu", name: "Europe", sharedOrigin: "http://api-eu.localhost:8080", apiDomain: "localhost" },
        ]),
      },
    });
    port = new URL(server.url).port;
    const workspaces = (await admin("GET", "/workspaces")).body.items as { id: string; region: string }[];
    home = workspaces.find((w) => w.region === "local")!.id;
    euWs = workspaces.find((w) => w.region === "eu")!.id;
    sibling = await createWorkspace(server);
    siblingApp = await publishAgent(sibling);
    euApp = await publishAgent(euWs);
    const created = await admin("POST", "/api-keys", { workspaceId: home, scope: "region", description: "main account key" });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    regionKey = { id: created.body.key.id, secret: created.body.secret };
    workspaceKey = (await admin("POST", "/api-keys", { workspaceId: home })).body.secret;
    const user = await createUser(server);
    await addMember(server, home, user.id, "admin");
    adminOfHome = (await createToken(server, user)).secret;
  });
  afterAll(async () => {
    await server?.close();
    await model?.close();
  });

  it("is shown on the key and audited", async () => {
    const key = await admin("GET", `/api-keys/${regionKey.id}`);
    expect(key.body).toMatchObject({ scope: "region", workspaceId: home });
    expect((await admin("GET", `/api-keys?workspaceId=${home}`)).body.items.map((k: { scope: string }) => k.scope).sort()).toEqual(["region", "workspace"]);
    const audit = await admin("GET", `/audit-events?workspaceId=${home}&action=apikey.create`);
    expect(audit.body.items.find((e: { resourceId: string }) => e.resourceId === regionKey.id)).toMatchObject({ details: { scope: "region" } });
  });

  it("calls an app of another workspace of its region named in X-DashScope-WorkSpace", async () => {
    const ok = await complete(siblingApp, regionKey.secret, { "X-DashScope-WorkSpace": sibling });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.output.text).toBe("Echo: hi");
    // Without the header the key is in its own workspace, where that app is not.
    expectError(await complete(siblingApp, regionKey.secret), 403, "App.AccessDenied");
    // A workspace key keeps today's rule.
    expectError(await complete(siblingApp, workspaceKey, { "X-DashScope-WorkSpace": sibling }), 403, "Workspace.AccessDenied");
    // The lookups follow the same decision.
    const apps = await server.call("GET", "/api/v1/apps", { headers: { authorization: `Bearer ${regionKey.secret}`, "X-DashScope-WorkSpace": sibling } });
    expect(apps.body.items.map((a: { app_id: string }) => a.app_id)).toEqual([siblingApp]);
  });

  it("is refused on another workspace's dedicated host, and in another region", async () => {
    const body = JSON.stringify({ input: { prompt: "hi" } });
    const url = `${server.url}/api/v1/apps/${siblingApp}/completion`;
    const dedicated = await rawPost(url, { authorization: `Bearer ${regionKey.secret}`, host: `${sibling}.local.localhost:${port}` }, body);
    expect([dedicated.status, JSON.parse(dedicated.text).code]).toEqual([403, "Workspace.AccessDenied"]);
    const euShared = await rawPost(
      `${server.url}/api/v1/apps/${euApp}/completion`,
      { authorization: `Bearer ${regionKey.secret}`, host: `api-eu.localhost:${port}`, "X-DashScope-WorkSpace": euWs },
      body,
    );
    expect([euShared.status, JSON.parse(euShared.text).code]).toEqual([401, "InvalidApiKey"]);
    expectError(await complete(euApp, regionKey.secret, { "X-DashScope-WorkSpace": euWs }), 403, "Workspace.AccessDenied");
  });

  it("only a super administrator creates, resets or changes one", async () => {
    const asWorkspaceAdmin = (method: string, path: string, body?: unknown) => server.call(method, `/manage/v1${path}`, { token: adminOfHome, body });
    expectError(await asWorkspaceAdmin("POST", "/api-keys", { workspaceId: home, scope: "region" }), 403, "InsufficientPermissions");
    expect((await asWorkspaceAdmin("POST", "/api-keys", { workspaceId: home, scope: "workspace" })).status).toBe(201);
    expectError(await asWorkspaceAdmin("POST", `/api-keys/${regionKey.id}/reset`), 403, "InsufficientPermissions");
    expectError(await asWorkspaceAdmin("PATCH", `/api-keys/${regionKey.id}`, { description: "mine now" }), 403, "InsufficientPermissions");
    expectError(await asWorkspaceAdmin("DELETE", `/api-keys/${regionKey.id}`), 403, "InsufficientPermissions");
    // They still see it, marked as a region key.
    expect((await asWorkspaceAdmin("GET", `/api-keys/${regionKey.id}`)).body.scope).toBe("region");
    expectError(await admin("POST", "/api-keys", { workspaceId: home, scope: "global" }), 400, "InvalidParameter");
  });
});
