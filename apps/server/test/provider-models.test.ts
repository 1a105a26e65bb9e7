import { type FakeModelServer, startFakeModelServer } from "@appstudio/core/testing";
import { testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../src/testing/index.js";
import { addMember, createToken, createUser, createWorkspace } from "./support/accounts.js";
import { expectError } from "./support/error-body.js";

const UPSTREAM_KEY = "sk-upstream-secret-0123456789abcdef";

/** GET /manage/v1/providers/models: what the agent editor's model picker offers, grouped by provider. */
describe.each(testDialects())("provider model listing (%s)", (dialect) => {
  let server: TestServer;
  let model: FakeModelServer;

  beforeAll(async () => {
    model = await startFakeModelServer({ apiKey: UPSTREAM_KEY, models: ["qwen-plus", "qwen-max", "other-model"] });
    server = await startTestServer({
      dialect,
      env: {
        APPSTUDIO_PROVIDERS: JSON.stringify([
          { name: "patterns", baseUrl: model.url, apiKey: UPSTREAM_KEY, models: ["qwen*", "fixed-model"] },
          { name: "exact", baseUrl: model.url, apiKey: UPSTREAM_KEY, models: ["exact-a", "exact-b"] },
          // Nothing listens on port 9: the pattern cannot be resolved, the exact ID still shows.
          { name: "down", baseUrl: "http://127.0.0.1:9/v1", models: ["down-*", "down-exact"] },
        ]),
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await model?.close();
  });

  it("resolves patterns through the upstream's model list, keeps exact IDs, and says when a provider could not be asked", async () => {
    const res = await server.call("GET", "/manage/v1/providers/models", { token: server.adminToken });
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(res.body.items.map((g: { provider: string }) => [g.provider, g]));
    expect(byName.patterns).toMatchObject({ providerId: "config:patterns", models: ["fixed-model", "qwen-max", "qwen-plus"], complete: true });
    expect(byName.exact).toMatchObject({ models: ["exact-a", "exact-b"], complete: true });
    expect(byName.down).toMatchObject({ models: ["down-exact"], complete: false });
    expect(JSON.stringify(res.body)).not.toContain(UPSTREAM_KEY);
  });

  it("is readable by a workspace member, and refused to an account without any role", async () => {
    const workspaceId = await createWorkspace(server);
    const member = await createUser(server);
    await addMember(server, workspaceId, member.id, "member");
    const token = await createToken(server, member);
    const res = await server.call("GET", `/manage/v1/providers/models?workspaceId=${workspaceId}`, { token: token.secret });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(3);

    const stranger = await createToken(server, await createUser(server));
    expectError(await server.call("GET", "/manage/v1/providers/models", { token: stranger.secret }), 403, "InsufficientPermissions");
    expectError(await server.call("GET", "/manage/v1/providers/models?unknown=1", { token: token.secret }), 400, "InvalidParameter");
  });
});
