import { testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../src/testing/index.js";
import { addMember, createApiKey, createToken, createUser, createWorkspace, type TestUser, uniqueName } from "../support/accounts.js";
import { clientError, createAccessKey } from "./bailian-fixture.js";
import { modelStudioClient } from "./modelstudio-client.js";

type Call = ReturnType<typeof modelStudioClient>;

/**
 * AccessKeys × workspaces: a signed request runs as the key's user through the same permission
 * table, so a sub-account's key sees and changes only what that account may in the console.
 */
describe.each(testDialects())("AccessKeys run as their user (%s)", (dialect) => {
  let server: TestServer;
  let mine: string;
  let other: string;
  let otherKey: { id: string; secret: string };
  let admin: Call;
  let workspaceAdmin: Call;
  let readOnly: Call;

  const keyFor = async (user: TestUser) => createAccessKey(server, (await createToken(server, user)).secret);
  const numberOf = async (keyId: string) =>
    (await admin({ action: "GetApiKey", method: "GET", pathname: `/modelstudio/apikeys/${keyId}` })).apiKey.apiKeyId as number;

  beforeAll(async () => {
    server = await startTestServer({ dialect });
    mine = await createWorkspace(server, uniqueName("mine"));
    other = await createWorkspace(server, uniqueName("other"));
    otherKey = await createApiKey(server, other);
    admin = modelStudioClient(server, await createAccessKey(server));
    const wsAdmin = await createUser(server);
    await addMember(server, mine, wsAdmin.id, "admin");
    workspaceAdmin = modelStudioClient(server, await keyFor(wsAdmin));
    const viewer = await createUser(server, { policies: ["ReadOnlyAccess"] });
    await addMember(server, mine, viewer.id, "admin");
    readOnly = modelStudioClient(server, await keyFor(viewer));
  }, 60_000);
  afterAll(() => server?.close());

  it("a sub-account's key lists only its workspaces and the keys it may read", async () => {
    const listed = await workspaceAdmin({ action: "ListWorkspaces", method: "GET", pathname: "/modelstudio/workspaces" });
    expect(listed.workspaces.map((w: { workspaceId: string }) => w.workspaceId)).toEqual([mine]);
    expect(listed.totalCount).toBe(1);
    expect(
      (await workspaceAdmin({ action: "ListWorkspaces", method: "GET", pathname: "/modelstudio/workspaces", query: { workspaceId: other } })).workspaces,
    ).toEqual([]);

    await createApiKey(server, mine);
    const keys = await workspaceAdmin({ action: "ListApiKeys", method: "GET", pathname: "/modelstudio/apikeys" });
    expect(keys.apiKeys.length).toBeGreaterThan(0);
    expect(keys.apiKeys.every((k: { workspaceId: string }) => k.workspaceId === mine)).toBe(true);
    expect(
      await clientError(workspaceAdmin({ action: "ListApiKeys", method: "GET", pathname: "/modelstudio/apikeys", query: { workspaceId: other } })),
    ).toMatchObject({
      code: "Forbidden.RAM",
      statusCode: 403,
    });
  });

  it("a sub-account's key cannot read, disable, reset or delete another workspace's keys (404, as if missing), nor create keys or delete workspaces there", async () => {
    const number = await numberOf(otherKey.id);
    for (const [method, suffix, action] of [
      ["GET", "", "GetApiKey"],
      ["PUT", "/disable", "DisableApiKey"],
      ["PUT", "/reset", "ResetApiKey"],
      ["DELETE", "", "DeleteApiKey"],
    ] as const) {
      expect(await clientError(workspaceAdmin({ action, method, pathname: `/modelstudio/apikeys/${number}${suffix}` })), action).toMatchObject({
        code: "NotFound",
        statusCode: 404,
      });
    }
    const create = workspaceAdmin({
      action: "CreateApiKey",
      method: "POST",
      pathname: "/modelstudio/apikeys",
      reqBodyType: "formData",
      query: { workspaceId: other },
    });
    expect(await clientError(create)).toMatchObject({ code: "Forbidden.RAM", statusCode: 403 });
    expect(await clientError(workspaceAdmin({ action: "DeleteWorkspace", method: "DELETE", pathname: `/modelstudio/workspaces/${other}` }))).toMatchObject({
      code: "NotFound",
    });
    expect(
      await clientError(
        workspaceAdmin({ action: "CreateWorkspace", method: "POST", pathname: "/modelstudio/workspaces", query: { workspaceName: uniqueName("nope") } }),
      ),
    ).toMatchObject({
      code: "Forbidden.RAM",
    });
    // The key of the other workspace still works: nothing was changed.
    expect((await fetch(`${server.url}/api/v1/apps`, { headers: { authorization: `Bearer ${otherKey.secret}`, "x-dashscope-workspace": other } })).status).toBe(
      200,
    );
    // In its own workspace the same sub-account may manage keys.
    const own = await workspaceAdmin({
      action: "CreateApiKey",
      method: "POST",
      pathname: "/modelstudio/apikeys",
      reqBodyType: "formData",
      query: { workspaceId: mine },
    });
    expect(own.apiKey.workspaceId).toBe(mine);
  });

  it("a read-only sub-account's key reads but every write is refused with Forbidden.RAM", async () => {
    expect((await readOnly({ action: "ListApiKeys", method: "GET", pathname: "/modelstudio/apikeys", query: { workspaceId: mine } })).success).toBe(true);
    const number = (await readOnly({ action: "ListApiKeys", method: "GET", pathname: "/modelstudio/apikeys", query: { workspaceId: mine } })).apiKeys[0]
      .apiKeyId;
    for (const write of [
      readOnly({ action: "CreateApiKey", method: "POST", pathname: "/modelstudio/apikeys", reqBodyType: "formData", query: { workspaceId: mine } }),
      readOnly({ action: "DisableApiKey", method: "PUT", pathname: `/modelstudio/apikeys/${number}/disable` }),
      readOnly({ action: "CreateWorkspace", method: "POST", pathname: "/modelstudio/workspaces", query: { workspaceName: uniqueName("ro") } }),
    ]) {
      expect(await clientError(write)).toMatchObject({ code: "Forbidden.RAM", statusCode: 403 });
    }
  });

  it("a disabled or deleted user's key stops working", async () => {
    const user = await createUser(server);
    await addMember(server, mine, user.id, "member");
    const call = modelStudioClient(server, await keyFor(user));
    expect((await call({ action: "ListWorkspaces", method: "GET", pathname: "/modelstudio/workspaces" })).success).toBe(true);
    await server.call("PATCH", `/manage/v1/users/${user.id}`, { token: server.adminToken, body: { disabled: true } });
    expect(await clientError(call({ action: "ListWorkspaces", method: "GET", pathname: "/modelstudio/workspaces" }))).toMatchObject({
      code: "InvalidAccessKeyId.Inactive",
    });
    await server.call("DELETE", `/manage/v1/users/${user.id}`, { token: server.adminToken });
    expect(await clientError(call({ action: "ListWorkspaces", method: "GET", pathname: "/modelstudio/workspaces" }))).toMatchObject({
      code: "InvalidAccessKeyId.NotFound",
    });
  });
});
