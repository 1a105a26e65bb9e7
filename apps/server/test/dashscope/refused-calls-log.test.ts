import { testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, createToken, createUser, createWorkspace } from "../support/accounts.js";
import { type DashScopeFixture, startDashScopeFixture } from "../support/dashscope-fixture.js";

/** Calls refused before they ran are in the call log, visible to whom docs/call-log.md says. */
describe.each(testDialects())("refused calls in the call log (%s)", (dialect) => {
  let f: DashScopeFixture;
  let appId: string;
  let key: { id: string; secret: string };
  let memberOfKeyWorkspace: string;
  let memberElsewhere: string;
  beforeAll(async () => {
    f = await startDashScopeFixture({ dialect });
    appId = await f.publishAgent();
    key = await f.createKey();
    const insider = await createUser(f.server);
    await addMember(f.server, f.workspaceId, insider.id, "member");
    memberOfKeyWorkspace = (await createToken(f.server, insider)).secret;
    const outsider = await createUser(f.server);
    await addMember(f.server, await createWorkspace(f.server), outsider.id, "admin");
    memberElsewhere = (await createToken(f.server, outsider)).secret;
  });
  afterAll(() => f?.close());

  const logged = async (res: Response, token = f.server.adminToken) => {
    await f.server.container.callLog.flush();
    return f.server.call("GET", `/manage/v1/call-logs/${res.headers.get("x-request-id")}`, { token });
  };

  it("records each kind of refusal with what is known, and never the key or the body", async () => {
    const unknownKey = `sk-${"ab12".repeat(12)}`;
    const narrow = await f.createKey({ ipAllowlist: ["203.0.113.7"] });
    const refusals: { res: Response; status: number; errorCode: string; keyPrefix: string | null; workspaceId: string | null; apiKeyId: string | null }[] = [
      {
        res: await f.complete(appId, "", { input: { prompt: "x" } }),
        status: 401,
        errorCode: "InvalidApiKey",
        keyPrefix: null,
        workspaceId: null,
        apiKeyId: null,
      },
      {
        res: await f.complete(appId, unknownKey, { input: { prompt: "x" } }),
        status: 401,
        errorCode: "InvalidApiKey",
        keyPrefix: "sk-ab12...ab12",
        workspaceId: null,
        apiKeyId: null,
      },
      {
        res: await f.complete(appId, key.secret, { input: { prompt: "x" } }, { "X-DashScope-WorkSpace": "ws-0000000000000000" }),
        status: 403,
        errorCode: "Workspace.AccessDenied",
        keyPrefix: expect.stringMatching(/^sk-/),
        workspaceId: f.workspaceId,
        apiKeyId: key.id,
      },
      {
        res: await f.complete(appId, narrow.secret, { input: { prompt: "x" } }),
        status: 403,
        errorCode: "AccessDenied",
        keyPrefix: expect.stringMatching(/^sk-/),
        workspaceId: f.workspaceId,
        apiKeyId: narrow.id,
      },
      {
        res: await f.complete(appId, key.secret, { input: { prompt: "x" }, parameters: { flow_stream_mode: "bogus" } }),
        status: 400,
        errorCode: "InvalidParameter",
        keyPrefix: expect.stringMatching(/^sk-/),
        workspaceId: f.workspaceId,
        apiKeyId: key.id,
      },
      {
        res: await f.complete(appId, key.secret, "{not json"),
        status: 400,
        errorCode: "BadRequest.IllegalInput",
        keyPrefix: expect.stringMatching(/^sk-/),
        workspaceId: f.workspaceId,
        apiKeyId: key.id,
      },
    ];
    for (const r of refusals) {
      expect(r.res.status).toBe(r.status);
      const entry = await logged(r.res);
      expect(entry.status, `${r.errorCode} ${JSON.stringify(entry.body)}`).toBe(200);
      expect(entry.body).toMatchObject({
        status: r.status,
        errorCode: r.errorCode,
        appId,
        source: "api",
        clientIp: "127.0.0.1",
        keyPrefix: r.keyPrefix,
        workspaceId: r.workspaceId,
        apiKeyId: r.apiKeyId,
        prompt: null,
        answer: null,
      });
      expect(JSON.stringify(entry.body)).not.toContain(unknownKey);
      expect(JSON.stringify(entry.body)).not.toContain(key.secret);
    }

    for (const r of refusals) {
      // A member of another workspace never sees them; the key's workspace sees those its key made.
      expect((await logged(r.res, memberElsewhere)).status).toBe(404);
      expect((await logged(r.res, memberOfKeyWorkspace)).status).toBe(r.workspaceId ? 200 : 404);
    }
    const seenElsewhere = await f.server.call("GET", "/manage/v1/call-logs?limit=200", { token: memberElsewhere });
    const ids = refusals.map((r) => r.res.headers.get("x-request-id"));
    expect(seenElsewhere.body.items.filter((i: { requestId: string }) => ids.includes(i.requestId))).toEqual([]);
  });

  it("records refused console test runs too", async () => {
    const url = `${f.server.url}/manage/v1/apps/${appId}/test-run`;
    const anonymous = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ input: { prompt: "x" } }) });
    expect(anonymous.status).toBe(401);
    expect((await logged(anonymous)).body).toMatchObject({ status: 401, source: "console", appId, userId: null, workspaceId: null });
    const invalid = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${f.server.adminToken}` },
      body: JSON.stringify({ input: { prompt: "x" }, version: "newest" }),
    });
    expect(invalid.status).toBe(400);
    expect((await logged(invalid)).body).toMatchObject({ status: 400, errorCode: "InvalidParameter", source: "console", appId });
  });

  it("records a refusal of the app itself, or of a console run once its app is known, under the workspace", async () => {
    const draft = await f.server.call("POST", "/manage/v1/apps", {
      token: f.server.adminToken,
      body: { workspaceId: f.workspaceId, type: "agent", name: `unpublished-${dialect}` },
    });
    const denied = await f.complete(draft.body.id, key.secret, { input: { prompt: "x" } });
    expect(denied.status).toBe(403);
    expect((await logged(denied, memberOfKeyWorkspace)).body).toMatchObject({
      status: 403,
      errorCode: "App.AccessDenied",
      appId: draft.body.id,
      workspaceId: f.workspaceId,
      apiKeyId: key.id,
      prompt: null,
    });
    const notPublished = await fetch(`${f.server.url}/manage/v1/apps/${draft.body.id}/test-run`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${f.server.adminToken}` },
      body: JSON.stringify({ input: { prompt: "x" }, version: "published" }),
    });
    expect(notPublished.status).toBe(409);
    expect((await logged(notPublished, memberOfKeyWorkspace)).body).toMatchObject({
      status: 409,
      errorCode: "Conflict",
      source: "console",
      appId: draft.body.id,
      workspaceId: f.workspaceId,
    });
  });
});
