import { testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DashScopeFixture, startDashScopeFixture } from "../support/dashscope-fixture.js";
import { publishWorkflow, startLlmEnd } from "../support/workflow-fixture.js";

/** A session_id is a conversation of one app in one workspace; nobody else can read or overwrite it. */
describe.each(testDialects())("sessions across apps and workspaces (%s)", (dialect) => {
  let f: DashScopeFixture;
  let ownerKey: string;
  let ownerApp: string;
  let foreignKey: string;
  let foreignApp: string;
  beforeAll(async () => {
    f = await startDashScopeFixture({ dialect });
    ownerApp = await f.publishAgent({ dialogRounds: 10 });
    ownerKey = (await f.createKey()).secret;
    const token = f.server.adminToken;
    const other = await f.server.call("POST", "/manage/v1/workspaces", { token, body: { name: `foreign-${dialect}` } });
    const app = await f.server.call("POST", "/manage/v1/apps", {
      token,
      body: { workspaceId: other.body.id, type: "agent", name: "foreign", config: { model: "fake-model", instructions: "x", dialogRounds: 10, tools: [] } },
    });
    await f.server.call("POST", `/manage/v1/apps/${app.body.id}/publish`, { token, body: {} });
    foreignApp = app.body.id;
    foreignKey = (await f.server.call("POST", "/manage/v1/api-keys", { token, body: { workspaceId: other.body.id } })).body.secret;
  });
  afterAll(() => f?.close());

  const ask = async (appId: string, key: string, prompt: string, sessionId?: string) => {
    const res = await f.complete(appId, key, { input: { prompt, ...(sessionId ? { session_id: sessionId } : {}) } });
    expect(res.status).toBe(200);
    return (await res.json()).output.session_id as string;
  };
  const seenByModel = () =>
    f.model.requests
      .at(-1)
      ?.body.messages?.filter((m) => m.role !== "system")
      .map((m) => m.content);

  it("a replayed session_id of another workspace starts a new session and leaves the owner's history intact", async () => {
    const session = await ask(ownerApp, ownerKey, "my name is Ann");
    const foreign = await ask(foreignApp, foreignKey, "who am I?", session);
    expect(foreign).not.toBe(session);
    expect(seenByModel()).toEqual(["who am I?"]);

    expect(await ask(ownerApp, ownerKey, "what is my name?", session)).toBe(session);
    expect(seenByModel()).toEqual(["my name is Ann", "Echo: my name is Ann", "what is my name?"]);
    // The foreign caller's own session continues separately.
    expect(await ask(foreignApp, foreignKey, "and now?", foreign)).toBe(foreign);
    expect(seenByModel()).toEqual(["who am I?", "Echo: who am I?", "and now?"]);
  });

  it("another app of the same workspace gets a new session too, also a dialog workflow", async () => {
    const session = await ask(ownerApp, ownerKey, "remember 42");
    const sibling = await f.publishAgent({ dialogRounds: 10 });
    expect(await ask(sibling, ownerKey, "what number?", session)).not.toBe(session);
    const flowGraph = startLlmEnd();
    const flow = await publishWorkflow(f, {
      kind: "dialog",
      nodes: flowGraph.nodes.map((n) =>
        n.id.startsWith("LLM_") ? { ...n, config: { ...n.config, history: "{{Start_iEca.historyList}}", historyRounds: 5 } } : n,
      ),
      edges: flowGraph.edges,
    });
    expect(await ask(flow, ownerKey, "what number?", session)).not.toBe(session);
    await ask(ownerApp, ownerKey, "and?", session);
    expect(seenByModel()).toEqual(["remember 42", "Echo: remember 42", "and?"]);
  });

  it("an unknown session_id gets a new one; the owner restarts an expired one under the same ID", async () => {
    const unknown = "0123456789abcdef".repeat(2);
    expect(await ask(ownerApp, ownerKey, "hello", unknown)).not.toBe(unknown);
    expect(await f.server.container.core.repos.conversations.find(unknown)).toBeUndefined();

    const session = await ask(ownerApp, ownerKey, "first life");
    await f.server.container.database.db.updateTable("conversations").set({ expires_at: "2000-01-01T00:00:00.000Z" }).where("id", "=", session).execute();
    // A foreign replay of the expired session neither takes nor changes it...
    expect(await ask(foreignApp, foreignKey, "mine now?", session)).not.toBe(session);
    expect((await f.server.container.core.repos.conversations.find(session))?.workspaceId).toBe(f.workspaceId);
    // ...and its owner starts afresh under the same ID.
    expect(await ask(ownerApp, ownerKey, "second life", session)).toBe(session);
    expect(seenByModel()).toEqual(["second life"]);
    expect((await f.server.container.core.repos.conversations.find(session))?.rounds).toEqual([{ user: "second life", assistant: "Echo: second life" }]);
  });
});
