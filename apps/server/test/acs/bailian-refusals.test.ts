import { testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, createToken, createUser, createWorkspace } from "../support/accounts.js";
import { type DashScopeFixture, startDashScopeFixture } from "../support/dashscope-fixture.js";
import { $Bailian, type AccessKeyPair, bailianClient, clientError, createAccessKey, defined, disableAccessKey } from "./bailian-fixture.js";

/**
 * What the official client sees when the signed OpenAPI refuses: the upstream error codes as
 * `err.code` for a wrong signature, a replayed nonce, a disabled AccessKey, and sub-accounts
 * acting without permission or outside their workspaces.
 */
describe.each(testDialects())("Bailian refusals seen by the official client (%s)", (dialect) => {
  let f: DashScopeFixture;
  let adminKey: AccessKeyPair;
  let ws: string;

  const list = (key: AccessKeyPair, workspaceId = ws) =>
    bailianClient(f.server, key).listPublishedAgent(workspaceId, new $Bailian.ListPublishedAgentRequest({}));
  const create = (key: AccessKeyPair, workspaceId = ws, name = `agent-${Math.random().toString(36).slice(2)}`) =>
    bailianClient(f.server, key).createAndPulishAgent(
      workspaceId,
      new $Bailian.CreateAndPulishAgentRequest({ name, modelId: "fake-model", instructions: "x" }),
    );
  const subAccountKey = async (options: { policies?: ("ReadOnlyAccess" | "FullAccess")[]; memberOf?: string }) => {
    const user = await createUser(f.server, options.policies ? { policies: options.policies } : {});
    if (options.memberOf) await addMember(f.server, options.memberOf, user.id, "member");
    return createAccessKey(f.server, (await createToken(f.server, user)).secret);
  };

  beforeAll(async () => {
    f = await startDashScopeFixture({ dialect });
    ws = f.workspaceId;
    adminKey = await createAccessKey(f.server);
  }, 60_000);
  afterAll(() => f?.close());

  it("a wrong secret: SignatureDoesNotMatch", async () => {
    expect((await list(adminKey)).statusCode).toBe(200);
    const err = await clientError(list({ id: adminKey.id, secret: `${adminKey.secret.slice(0, -1)}x` }));
    expect(err).toMatchObject({ statusCode: 400, code: "SignatureDoesNotMatch" });
  });

  it("an unknown AccessKey: InvalidAccessKeyId.NotFound", async () => {
    const err = await clientError(list({ id: "LTAI00000000000000000000", secret: adminKey.secret }));
    expect(err).toMatchObject({ statusCode: 404, code: "InvalidAccessKeyId.NotFound" });
  });

  it("a replayed nonce: SignatureNonceUsed, and nothing runs twice", async () => {
    const client = bailianClient(f.server, adminKey);
    const nonce = `replay-${dialect}-${Date.now()}`;
    const request = new $Bailian.CreateAndPulishAgentRequest({ name: `once-${dialect}`, modelId: "fake-model", instructions: "x" });
    const first = await client.createAndPulishAgentWithOptions(ws, request, { "x-acs-signature-nonce": nonce }, {} as never);
    expect(first.body?.success).toBe(true);
    const again = await clientError(client.createAndPulishAgentWithOptions(ws, request, { "x-acs-signature-nonce": nonce }, {} as never));
    expect(again).toMatchObject({ statusCode: 400, code: "SignatureNonceUsed" });
    const agents = defined((await client.listPublishedAgent(ws, new $Bailian.ListPublishedAgentRequest({ pageSize: 100 }))).body?.data?.list);
    expect(agents.filter((a) => a.name === `once-${dialect}`)).toHaveLength(1);
  });

  it("a disabled AccessKey: InvalidAccessKeyId.Inactive", async () => {
    const key = await createAccessKey(f.server);
    expect((await list(key)).statusCode).toBe(200);
    await disableAccessKey(f.server, key.id);
    expect(await clientError(list(key))).toMatchObject({ statusCode: 400, code: "InvalidAccessKeyId.Inactive" });
    expect(await clientError(create(key))).toMatchObject({ statusCode: 400, code: "InvalidAccessKeyId.Inactive" });
  });

  it("a read-only sub-account reads but may not create, update or delete: Forbidden.RAM", async () => {
    const code = defined((await create(adminKey)).body?.data);
    const key = await subAccountKey({ policies: ["ReadOnlyAccess"], memberOf: ws });
    const client = bailianClient(f.server, key);
    expect((await list(key)).body?.data?.list?.map((a) => a.code)).toContain(code);
    expect(await clientError(create(key))).toMatchObject({ statusCode: 403, code: "Forbidden.RAM" });
    expect(await clientError(client.updateAndPublishAgent(ws, code, new $Bailian.UpdateAndPublishAgentRequest({ instructions: "changed" })))).toMatchObject({
      statusCode: 403,
      code: "Forbidden.RAM",
    });
    expect(await clientError(client.deleteAgent(ws, code, new $Bailian.DeleteAgentRequest({})))).toMatchObject({ statusCode: 403, code: "Forbidden.RAM" });
    expect(await clientError(client.createMemory(ws, new $Bailian.CreateMemoryRequest({})))).toMatchObject({ statusCode: 403, code: "Forbidden.RAM" });
    expect(await clientError(client.createIndex(ws, new $Bailian.CreateIndexRequest({ name: "nope" })))).toMatchObject({
      statusCode: 403,
      code: "Forbidden.RAM",
    });
    // The agent is untouched.
    const agent = defined((await bailianClient(f.server, adminKey).getPublishedAgent(ws, code, new $Bailian.GetPublishedAgentRequest({}))).body?.data);
    expect(agent.instructions).toBe("x");
  });

  it("a sub-account works in its own workspace and is refused in any other", async () => {
    const own = await createWorkspace(f.server);
    const key = await subAccountKey({ memberOf: own });
    const client = bailianClient(f.server, key);
    const code = defined((await create(key, own)).body?.data);
    expect((await list(key, own)).body?.data?.list?.map((a) => a.code)).toEqual([code]);
    expect(await clientError(list(key, ws))).toMatchObject({ statusCode: 403, code: "BailianGateway.Workspace.NotAuthorised" });
    expect(await clientError(create(key, ws))).toMatchObject({ statusCode: 403, code: "BailianGateway.Workspace.NotAuthorised" });
    expect(await clientError(client.listMemories(ws, new $Bailian.ListMemoriesRequest({})))).toMatchObject({
      statusCode: 403,
      code: "BailianGateway.Workspace.NotAuthorised",
    });
    expect(await clientError(client.listIndices(ws, new $Bailian.ListIndicesRequest({})))).toMatchObject({
      statusCode: 403,
      code: "BailianGateway.Workspace.NotAuthorised",
    });
    // An agent of the main workspace, named through the sub-account's own workspace, is just missing.
    const foreign = defined((await create(adminKey)).body?.data);
    expect(await clientError(client.getPublishedAgent(own, foreign, new $Bailian.GetPublishedAgentRequest({})))).toMatchObject({
      statusCode: 404,
      code: "NotFound",
    });
  });
});
