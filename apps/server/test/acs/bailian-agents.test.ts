import { testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkspace } from "../support/accounts.js";
import type { DashScopeFixture } from "../support/dashscope-fixture.js";
import { $Bailian, agentConfig, type BailianClient, clientError, createAgent, defined, startBailianFixture } from "./bailian-fixture.js";

const APP_ID = /^[0-9a-f]{32}$/;

/** Bailian 2023-12-29 agent operations, driven by the official `@alicloud/bailian20231229` client. */
describe.each(testDialects())("Bailian agent operations with the official client (%s)", (dialect) => {
  let f: DashScopeFixture;
  let client: BailianClient;
  let ws: string;

  const getAgent = async (code: string) => defined((await client.getPublishedAgent(ws, code, new $Bailian.GetPublishedAgentRequest({}))).body);
  const listAgents = async (pageNo = 1, pageSize = 10) =>
    defined((await client.listPublishedAgent(ws, new $Bailian.ListPublishedAgentRequest({ pageNo, pageSize }))).body);
  const create = (name: string, fields: Record<string, unknown> = {}) => createAgent(client, ws, name, fields);

  beforeAll(async () => {
    ({ f, client } = await startBailianFixture(dialect));
    ws = f.workspaceId;
  }, 60_000);
  afterAll(() => f?.close());

  it("creates and publishes an agent that the DashScope app API then answers with", async () => {
    const created = await create("support-bot", {
      applicationConfig: agentConfig({ parameters: { temperature: 0.2, maxTokens: 256, dialogRound: 5 }, longTermMemory: { enable: true } }),
    });
    expect(created.statusCode).toBe(200);
    expect(created.body).toMatchObject({ code: "Success", success: true, httpStatusCode: 200 });
    expect(created.body?.requestId).toBeTruthy();
    const code = defined(created.body?.data);
    expect(code).toMatch(APP_ID);

    const agent = await getAgent(code);
    expect(agent.success).toBe(true);
    expect(agent.data).toMatchObject({ code, name: "support-bot", modelId: "fake-model", instructions: "Answer briefly." });
    expect(agent.data?.applicationConfig?.parameters).toMatchObject({ temperature: 0.2, maxTokens: 256, dialogRound: 5 });
    expect(agent.data?.applicationConfig?.longTermMemory?.enable).toBe(true);

    // The same App ID is callable through the data plane at once: it was published.
    const key = await f.createKey();
    f.model.script({ text: "Hello from the new agent." });
    const res = await f.complete(code, key.secret, { input: { prompt: "Hi" } });
    expect(res.status).toBe(200);
    expect((await res.json()).output.text).toBe("Hello from the new agent.");
    const modelRequest = defined(f.model.requests.filter((r) => r.path === "/v1/chat/completions").at(-1));
    expect(modelRequest.body).toMatchObject({ model: "fake-model", temperature: 0.2, max_tokens: 256 });
  });

  it("lists published agents page by page, never drafts or workflows", async () => {
    const a = defined((await create("list-a")).body?.data);
    const b = defined((await create("list-b")).body?.data);
    const draft = await f.server.call("POST", "/manage/v1/apps", {
      token: f.server.adminToken,
      body: { workspaceId: ws, type: "agent", name: "only-a-draft" },
    });
    expect(draft.status).toBe(201);
    const all = await listAgents(1, 100);
    const codes = defined(all.data?.list).map((x) => x.code);
    expect(codes).toEqual(expect.arrayContaining([a, b]));
    expect(codes).not.toContain(draft.body.id);
    expect(all.data).toMatchObject({ pageNo: 1, pageSize: 100, total: codes.length });

    const first = await listAgents(1, 1);
    const second = await listAgents(2, 1);
    expect(first.data?.list).toHaveLength(1);
    expect(second.data?.list).toHaveLength(1);
    expect(first.data?.list?.[0]?.code).not.toBe(second.data?.list?.[0]?.code);
    expect(first.data?.total).toBe(all.data?.total);
  });

  it("updates and republishes: full update resets applicationConfig, selective update merges", async () => {
    const code = defined((await create("updatable", { applicationConfig: agentConfig({ parameters: { temperature: 0.4, dialogRound: 7 } }) })).body?.data);

    const full = await client.updateAndPublishAgent(
      ws,
      code,
      new $Bailian.UpdateAndPublishAgentRequest({
        instructions: "Answer in one word.",
        applicationConfig: new $Bailian.UpdateAndPublishAgentRequestApplicationConfig({
          parameters: new $Bailian.UpdateAndPublishAgentRequestApplicationConfigParameters({ temperature: 0.9 }),
        }),
      }),
    );
    expect(full.body).toMatchObject({ success: true, data: code });
    let agent = defined((await getAgent(code)).data);
    expect(agent).toMatchObject({ name: "updatable", modelId: "fake-model", instructions: "Answer in one word." });
    expect(agent.applicationConfig?.parameters).toMatchObject({ temperature: 0.9, dialogRound: 3 });

    await client.updateAndPublishAgentSelective(
      ws,
      code,
      new $Bailian.UpdateAndPublishAgentSelectiveRequest({
        name: "renamed",
        applicationConfig: new $Bailian.UpdateAndPublishAgentSelectiveRequestApplicationConfig({
          parameters: new $Bailian.UpdateAndPublishAgentSelectiveRequestApplicationConfigParameters({ maxTokens: 64 }),
        }),
      }),
    );
    agent = defined((await getAgent(code)).data);
    expect(agent).toMatchObject({ name: "renamed", instructions: "Answer in one word." });
    expect(agent.applicationConfig?.parameters).toMatchObject({ temperature: 0.9, maxTokens: 64, dialogRound: 3 });

    // Each update published a new version.
    const versions = await f.server.call("GET", `/manage/v1/apps/${code}/versions`, { token: f.server.adminToken });
    expect(versions.status).toBe(200);
    expect(versions.body.items ?? versions.body).toHaveLength(3);
  });

  it("deletes an agent; it is then gone for the OpenAPI and for app calls", async () => {
    const code = defined((await create("short-lived")).body?.data);
    const deleted = await client.deleteAgent(ws, code, new $Bailian.DeleteAgentRequest({}));
    expect(deleted.body).toMatchObject({ success: true, data: code });
    const err = await clientError(getAgent(code));
    expect(err.statusCode).toBe(404);
    expect(await clientError(client.deleteAgent(ws, code, new $Bailian.DeleteAgentRequest({})))).toMatchObject({ statusCode: 404 });
    const key = await f.createKey();
    expect((await f.complete(code, key.secret, { input: { prompt: "Hi" } })).status).toBe(403);
  });

  it("refuses bad input with InvalidParameter and leaves no half-made agent", async () => {
    const before = (await listAgents(1, 100)).data?.total;
    const noName = await clientError(client.createAndPulishAgent(ws, new $Bailian.CreateAndPulishAgentRequest({ modelId: "fake-model" })));
    expect(noName).toMatchObject({ statusCode: 400, code: "InvalidParameter" });
    expect(noName.message).toMatch(/name/);
    const hot = await clientError(create("too-hot", { applicationConfig: agentConfig({ parameters: { temperature: 5 } }) }));
    expect(hot).toMatchObject({ statusCode: 400, code: "InvalidParameter" });
    expect(hot.message).toMatch(/temperature/);
    const page = await clientError(client.listPublishedAgent(ws, new $Bailian.ListPublishedAgentRequest({ pageNo: 0 })));
    expect(page).toMatchObject({ statusCode: 400, code: "InvalidParameter" });
    expect((await listAgents(1, 100)).data?.total).toBe(before);
  });

  it("keeps workspaces apart: another workspace's agent is not found through this one", async () => {
    const other = await createWorkspace(f.server);
    const otherCode = defined(
      (await client.createAndPulishAgent(other, new $Bailian.CreateAndPulishAgentRequest({ name: "elsewhere", modelId: "fake-model", instructions: "x" }))).body
        ?.data,
    );
    expect((await clientError(getAgent(otherCode))).statusCode).toBe(404);
    expect((await clientError(client.deleteAgent(ws, otherCode, new $Bailian.DeleteAgentRequest({})))).statusCode).toBe(404);
    const listed = await listAgents(1, 100);
    expect(listed.data?.list?.map((x) => x.code)).not.toContain(otherCode);
  });

  it("refuses a workspace the caller cannot see with Model Studio's workspace code", async () => {
    const err = await clientError(client.listPublishedAgent("ws-0000000000000000", new $Bailian.ListPublishedAgentRequest({})));
    expect(err).toMatchObject({ statusCode: 403, code: "BailianGateway.Workspace.NotAuthorised" });
  });
});
