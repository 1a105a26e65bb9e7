import { testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../src/testing/index.js";

describe.each(testDialects())("management API smoke (%s)", (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ dialect });
  });
  afterAll(() => server?.close());

  it("creates a workspace, an app, publishes and lists versions", async () => {
    const ws = await server.call("POST", "/manage/v1/workspaces", { token: server.adminToken, body: { name: "team-a" } });
    expect(ws.status).toBe(201);
    expect(ws.body.id).toMatch(/^ws-[a-z0-9]{16}$/);
    expect(ws.body.endpoints.dedicatedBaseUrl).toContain(`${ws.body.id}.local.localhost`);
    const app = await server.call("POST", "/manage/v1/apps", { token: server.adminToken, body: { workspaceId: ws.body.id, type: "agent", name: "helper" } });
    expect(app.status).toBe(201);
    expect(app.body.status).toBe("draft");
    const pub = await server.call("POST", `/manage/v1/apps/${app.body.id}/publish`, { token: server.adminToken, body: {} });
    expect(pub.status).toBe(200);
    expect(pub.body.status).toBe("published");
    expect(pub.body.publishedVersion).toBe(1);
    // A bare POST with no body publishes too.
    const bare = await server.call("POST", `/manage/v1/apps/${app.body.id}/publish`, { token: server.adminToken });
    expect(bare.status).toBe(200);
    expect(bare.body.publishedVersion).toBe(2);
    const versions = await server.call("GET", `/manage/v1/apps/${app.body.id}/versions`, { token: server.adminToken });
    expect(versions.body.items).toHaveLength(2);
  });
});
