import { testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../src/testing/index.js";
import { createToken, createUser } from "../support/accounts.js";
import { createAccessKey } from "./bailian-fixture.js";
import { modelStudioClient } from "./modelstudio-client.js";

/** The management API for AccessKeys: whose keys, the secret shown once, audit, and never a secret in the log. */
describe.each(testDialects())("/manage/v1/access-keys (%s)", (dialect) => {
  let server: TestServer;
  const logLines: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ dialect, log: { level: "trace", stream: { write: (line) => void logLines.push(line) } } });
  }, 60_000);
  afterAll(() => server?.close());

  it("creates a pair whose secret is returned once; listings, disable and enable never carry it; nor does the log", async () => {
    const created = await server.call("POST", "/manage/v1/access-keys", { token: server.adminToken });
    expect(created.status).toBe(201);
    const { accessKey, secret } = created.body;
    expect(accessKey.id).toMatch(/^LTAI[A-Za-z0-9]{20}$/);
    expect(secret).toMatch(/^[A-Za-z0-9]{30}$/);
    expect(accessKey).toMatchObject({ status: "Active", lastUsedAt: null });

    // Used once, so last-used is set.
    await modelStudioClient(server, { id: accessKey.id, secret })({ action: "ListWorkspaces", method: "GET", pathname: "/modelstudio/workspaces" });
    const listed = await server.call("GET", "/manage/v1/access-keys", { token: server.adminToken });
    expect(listed.body.items).toContainEqual({ ...accessKey, lastUsedAt: expect.any(String) });
    const disabled = await server.call("POST", `/manage/v1/access-keys/${accessKey.id}/disable`, { token: server.adminToken });
    expect(disabled.body.status).toBe("Inactive");
    const enabled = await server.call("POST", `/manage/v1/access-keys/${accessKey.id}/enable`, { token: server.adminToken });
    expect(enabled.body.status).toBe("Active");
    for (const body of [listed.body, disabled.body, enabled.body]) expect(JSON.stringify(body)).not.toContain(secret);
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join("\n")).not.toContain(secret);

    const audit = await server.call("GET", "/manage/v1/audit-events?action=accesskey.create", { token: server.adminToken });
    expect(audit.body.items.some((e: { resourceId: string }) => e.resourceId === accessKey.id)).toBe(true);
    expect(JSON.stringify(audit.body)).not.toContain(secret);
    const disableAudit = await server.call("GET", "/manage/v1/audit-events?action=accesskey.disable", { token: server.adminToken });
    expect(disableAudit.body.items[0]).toMatchObject({ resourceType: "access-key", resourceId: accessKey.id });
  });

  it("a user manages their own keys; an administrator those of lower-ranked users, never the other way round", async () => {
    const user = await createUser(server);
    const token = (await createToken(server, user)).secret;
    const own = await createAccessKey(server, token);
    expect((await server.call("GET", "/manage/v1/access-keys", { token })).body.items.map((k: { id: string }) => k.id)).toEqual([own.id]);

    // The main account sees and manages the sub-account's keys.
    const theirs = await server.call("GET", `/manage/v1/access-keys?userId=${user.id}`, { token: server.adminToken });
    expect(theirs.body.items.map((k: { id: string }) => k.id)).toEqual([own.id]);
    const forUser = await server.call("POST", "/manage/v1/access-keys", { token: server.adminToken, body: { userId: user.id } });
    expect(forUser.body.accessKey.userId).toBe(user.id);
    expect((await server.call("POST", `/manage/v1/access-keys/${own.id}/disable`, { token: server.adminToken })).status).toBe(200);

    // The sub-account can neither list nor touch the main account's keys (a 404, as if missing).
    const adminKey = await createAccessKey(server);
    const list = await server.call(
      "GET",
      `/manage/v1/access-keys?userId=${(await server.call("GET", "/manage/v1/whoami", { token: server.adminToken })).body.user.id}`,
      { token },
    );
    expect(list.status).toBe(403);
    expect(list.body.code).toBe("InsufficientPermissions");
    for (const [method, path] of [
      ["POST", `/manage/v1/access-keys/${adminKey.id}/disable`],
      ["DELETE", `/manage/v1/access-keys/${adminKey.id}`],
    ] as const) {
      const res = await server.call(method, path, { token });
      expect(res.status, path).toBe(404);
      expect(res.body.code).toBe("NotFound");
    }
    expect((await server.call("DELETE", `/manage/v1/access-keys/${own.id}`, { token })).status).toBe(200);
    expect((await server.call("DELETE", `/manage/v1/access-keys/${own.id}`, { token })).status).toBe(404);
  });

  it("refuses a sixth key, an unknown user and malformed input with the documented errors", async () => {
    const user = await createUser(server);
    const token = (await createToken(server, user)).secret;
    for (let i = 0; i < 5; i++) await createAccessKey(server, token);
    const sixth = await server.call("POST", "/manage/v1/access-keys", { token, body: {} });
    expect(sixth.status).toBe(409);
    expect(sixth.body.code).toBe("LimitExceeded");
    expect((await server.call("POST", "/manage/v1/access-keys", { token: server.adminToken, body: { userId: "u-nobody000000" } })).status).toBe(404);
    const extra = await server.call("POST", "/manage/v1/access-keys", { token: server.adminToken, body: { userId: 5 } });
    expect(extra.status).toBe(400);
    expect(extra.body.code).toBe("InvalidParameter");
    expect((await server.call("POST", "/manage/v1/access-keys/not-a-key/enable", { token: server.adminToken })).status).toBe(404);
    expect((await server.call("GET", "/manage/v1/access-keys")).status).toBe(401);
  });
});
