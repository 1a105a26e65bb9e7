import { testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../src/testing/index.js";
import { createApiKey, createWorkspace, uniqueName } from "../support/accounts.js";
import { clientError, createAccessKey } from "./bailian-fixture.js";
import { modelStudioClient } from "./modelstudio-client.js";

type Call = ReturnType<typeof modelStudioClient>;

/** ModelStudio 2026-02-10 workspace and API-key operations through the official generic client. */
describe.each(testDialects())("ModelStudio operations with @alicloud/openapi-core (%s)", (dialect) => {
  let server: TestServer;
  let call: Call;
  let port: string;

  beforeAll(async () => {
    server = await startTestServer({ dialect });
    port = new URL(server.url).port;
    call = modelStudioClient(server, await createAccessKey(server));
  }, 60_000);
  afterAll(() => server?.close());

  const listWorkspaces = (query: Record<string, unknown> = {}) => call({ action: "ListWorkspaces", method: "GET", pathname: "/modelstudio/workspaces", query });

  it("ListWorkspaces answers ModelStudio's flat envelope with apiHost = the dedicated host, paged by maxResults/nextToken", async () => {
    const a = await createWorkspace(server, uniqueName("paging"));
    await createWorkspace(server, uniqueName("paging"));
    const all = await listWorkspaces({ maxResults: 100 });
    expect(all).toMatchObject({ success: true, code: "Success", httpStatusCode: 200, maxResults: 100 });
    expect(all.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(all.nextToken).toBeUndefined();
    const entry = all.workspaces.find((w: { workspaceId: string }) => w.workspaceId === a);
    expect(entry).toEqual({
      workspaceId: a,
      workspaceName: expect.stringMatching(/^paging-/),
      region: "local",
      apiHost: `${a}.local.localhost:${port}`,
      gmtCreate: expect.any(Number),
    });
    expect(all.workspaces.some((w: { workspaceName: string }) => w.workspaceName === "default")).toBe(true);

    const seen: string[] = [];
    let page = await listWorkspaces({ maxResults: 1 });
    expect(page.totalCount).toBe(all.totalCount);
    for (;;) {
      expect(page.workspaces).toHaveLength(1);
      seen.push(page.workspaces[0].workspaceId);
      if (!page.nextToken) break;
      page = await listWorkspaces({ maxResults: 1, nextToken: page.nextToken });
    }
    expect(seen).toEqual(all.workspaces.map((w: { workspaceId: string }) => w.workspaceId));

    const byName = await listWorkspaces({ workspaceName: "PAGING" });
    expect(byName.workspaces.every((w: { workspaceName: string }) => w.workspaceName.startsWith("paging-"))).toBe(true);
    expect((await listWorkspaces({ workspaceId: a })).workspaces.map((w: { workspaceId: string }) => w.workspaceId)).toEqual([a]);
    expect((await listWorkspaces({ workspaceId: "ws-0000000000000000" })).workspaces).toEqual([]);

    const bad = await clientError(listWorkspaces({ maxResults: 0 }));
    expect(bad).toMatchObject({ code: "InvalidParameter", statusCode: 400 });
    expect((await clientError(listWorkspaces({ nextToken: "not-a-token" }))).code).toBe("InvalidParameter");
  });

  it("CreateWorkspace and DeleteWorkspace; a workspace that still holds keys is not deleted and says why", async () => {
    const name = uniqueName("created");
    const created = await call({
      action: "CreateWorkspace",
      method: "POST",
      pathname: "/modelstudio/workspaces",
      query: { workspaceName: name, serviceSite: "global" },
    });
    expect(created).toMatchObject({ success: true, workspace: { workspaceName: name, region: "local" } });
    const id = created.workspace.workspaceId;
    expect(id).toMatch(/^ws-[a-z0-9]{16}$/);
    expect(created.workspace.apiHost).toBe(`${id}.local.localhost:${port}`);
    expect((await clientError(call({ action: "CreateWorkspace", method: "POST", pathname: "/modelstudio/workspaces" }))).code).toBe("InvalidParameter");

    const key = await createApiKey(server, id);
    const refused = await call({ action: "DeleteWorkspace", method: "DELETE", pathname: `/modelstudio/workspaces/${id}` });
    expect(refused).toMatchObject({ success: true, isDeleted: false, failReasons: [{ resourceType: "ApiKey", reason: expect.stringContaining("1 ApiKey") }] });
    await server.call("DELETE", `/manage/v1/api-keys/${key.id}`, { token: server.adminToken });
    expect(await call({ action: "DeleteWorkspace", method: "DELETE", pathname: `/modelstudio/workspaces/${id}` })).toMatchObject({
      success: true,
      isDeleted: true,
    });
    expect((await listWorkspaces({ workspaceId: id })).workspaces).toEqual([]);
    expect(await clientError(call({ action: "DeleteWorkspace", method: "DELETE", pathname: `/modelstudio/workspaces/${id}` }))).toMatchObject({
      code: "NotFound",
      statusCode: 404,
    });
  });

  it("CreateApiKey shows the sk- value once; List/Get show the masked value; Disable, Enable, Update, Reset and Delete work by int64 apiKeyId", async () => {
    const ws = await createWorkspace(server, uniqueName("keys"));
    const created = await call({
      action: "CreateApiKey",
      method: "POST",
      pathname: "/modelstudio/apikeys",
      reqBodyType: "formData",
      query: { workspaceId: ws, description: "from the OpenAPI" },
      body: { auth: { type: "Custom", accessIps: ["10.0.0.0/8", "127.0.0.1"] } },
    });
    expect(created.success).toBe(true);
    const { apiKeyId, apiKeyValue } = created.apiKey;
    expect(Number.isSafeInteger(apiKeyId)).toBe(true);
    expect(apiKeyValue).toMatch(/^sk-[0-9a-f]{48}$/);
    expect(created.apiKey).toMatchObject({ workspaceId: ws, description: "from the OpenAPI", gmtCreate: expect.any(Number), createdBy: expect.any(String) });

    // The management API sees the same key with the allowlist asked for.
    const managed = await server.call("GET", `/manage/v1/api-keys?workspaceId=${ws}`, { token: server.adminToken });
    expect(managed.body.items).toEqual([expect.objectContaining({ description: "from the OpenAPI", ipAllowlist: ["10.0.0.0/8", "127.0.0.1"] })]);
    const keyId = managed.body.items[0].id;

    const member = `/modelstudio/apikeys/${apiKeyId}`;
    const get = async () => (await call({ action: "GetApiKey", method: "GET", pathname: member })).apiKey;
    const got = await get();
    expect(got).toMatchObject({ apiKeyId, workspaceId: ws, disabled: 0, auth: { type: "Custom", accessIps: ["10.0.0.0/8", "127.0.0.1"] } });
    expect(got.apiKeyValue).not.toBe(apiKeyValue);
    expect(got.apiKeyValue).toContain("...");
    // Our own key ID works in paths too.
    expect((await call({ action: "GetApiKey", method: "GET", pathname: `/modelstudio/apikeys/${keyId}` })).apiKey.apiKeyId).toBe(apiKeyId);

    const listed = await call({ action: "ListApiKeys", method: "GET", pathname: "/modelstudio/apikeys", query: { workspaceId: ws } });
    expect(listed).toMatchObject({ success: true, totalCount: 1, apiKeys: [{ apiKeyId, disabled: 0 }] });
    expect(JSON.stringify(listed)).not.toContain(apiKeyValue);

    await call({ action: "DisableApiKey", method: "PUT", pathname: `${member}/disable` });
    expect((await get()).disabled).toBe(1);
    const refusedCall = await fetch(`${server.url}/api/v1/apps`, { headers: { authorization: `Bearer ${apiKeyValue}` } });
    expect(refusedCall.status).toBe(401);
    await call({ action: "EnableApiKey", method: "PUT", pathname: `${member}/enable` });
    expect((await get()).disabled).toBe(0);

    await call({
      action: "UpdateApiKey",
      method: "PUT",
      pathname: member,
      reqBodyType: "formData",
      query: { description: "renamed" },
      body: { auth: { type: "All" } },
    });
    expect(await get()).toMatchObject({ description: "renamed", auth: { type: "All", accessIps: ["0.0.0.0/0", "::/0"] } });

    const reset = await call({ action: "ResetApiKey", method: "PUT", pathname: `${member}/reset` });
    expect(reset.apiKey).toEqual({ apiKeyId, apiKeyValue: expect.stringMatching(/^sk-[0-9a-f]{48}$/), workspaceId: ws });
    expect(reset.apiKey.apiKeyValue).not.toBe(apiKeyValue);
    expect((await fetch(`${server.url}/api/v1/apps`, { headers: { authorization: `Bearer ${apiKeyValue}` } })).status).toBe(401);
    expect((await fetch(`${server.url}/api/v1/apps`, { headers: { authorization: `Bearer ${reset.apiKey.apiKeyValue}` } })).status).toBe(200);

    await call({ action: "DeleteApiKey", method: "DELETE", pathname: member });
    expect(await clientError(get())).toMatchObject({ code: "NotFound", statusCode: 404 });
    expect(await clientError(call({ action: "DisableApiKey", method: "PUT", pathname: "/modelstudio/apikeys/999999/disable" }))).toMatchObject({
      code: "NotFound",
    });
  });

  it("ListApiKeys orders by apiKeyId or gmtCreate in either direction and pages with nextToken", async () => {
    const ws = await createWorkspace(server, uniqueName("order"));
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const body = await call({
        action: "CreateApiKey",
        method: "POST",
        pathname: "/modelstudio/apikeys",
        reqBodyType: "formData",
        query: { workspaceId: ws, description: `k${i}` },
      });
      ids.push(body.apiKey.apiKeyId);
    }
    const list = (query: Record<string, unknown>) =>
      call({ action: "ListApiKeys", method: "GET", pathname: "/modelstudio/apikeys", query: { workspaceId: ws, ...query } });
    const numbers = (body: { apiKeys: { apiKeyId: number }[] }) => body.apiKeys.map((k) => k.apiKeyId);
    expect(numbers(await list({ orderBy: "apiKeyId", order: "ASC" }))).toEqual([...ids].sort((a, b) => a - b));
    expect(numbers(await list({ orderBy: "apiKeyId", order: "DESC" }))).toEqual([...ids].sort((a, b) => b - a));
    const first = await list({ orderBy: "apiKeyId", order: "ASC", maxResults: 2 });
    expect(first).toMatchObject({ totalCount: 3, maxResults: 2, nextToken: expect.any(String) });
    const second = await list({ orderBy: "apiKeyId", order: "ASC", maxResults: 2, nextToken: first.nextToken });
    expect([...numbers(first), ...numbers(second)]).toEqual([...ids].sort((a, b) => a - b));
    expect(second.nextToken).toBeUndefined();
    expect(numbers(await list({ apiKeyId: ids[1] }))).toEqual([ids[1]]);
    expect(numbers(await list({ description: "K2" }))).toEqual([ids[2]]);
    expect((await clientError(list({ orderBy: "name" }))).code).toBe("InvalidParameter");
    expect((await clientError(list({ order: "sideways" }))).code).toBe("InvalidParameter");
  });

  it("refuses bad CreateApiKey input with InvalidParameter, never a 500", async () => {
    const create = (body: Record<string, unknown>, query: Record<string, unknown> = {}) =>
      clientError(call({ action: "CreateApiKey", method: "POST", pathname: "/modelstudio/apikeys", reqBodyType: "formData", query, body }));
    expect(await create({ auth: { type: "Custom", accessIps: ["not-an-ip"] } })).toMatchObject({ code: "InvalidParameter", statusCode: 400 });
    expect(await create({ auth: { type: "Sometimes" } })).toMatchObject({ code: "InvalidParameter" });
    expect(await create({ auth: { modelAccessScope: { allowAllModels: false, accessibleModels: ["qwen-plus"] } } })).toMatchObject({
      code: "InvalidParameter",
    });
    expect(await create({}, { workspaceId: "ws-0000000000000000" })).toMatchObject({ code: "NotFound", statusCode: 404 });
  });
});
