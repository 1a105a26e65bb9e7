import { testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, TEST_ADMIN_PASSWORD, type TestServer } from "../src/testing/index.js";
import { createApiKey, createWorkspace, signIn } from "./support/accounts.js";
import { expectError } from "./support/error-body.js";

const EVIL = { origin: "https://evil.example" };

/** Cross-site request forgery: the console cookie must not work for another site's page. */
describe.each(testDialects())("cookie-authenticated writes from another origin (%s)", (dialect) => {
  let server: TestServer;
  let workspaceId: string;
  beforeAll(async () => {
    server = await startTestServer({ dialect });
    workspaceId = await createWorkspace(server);
  });
  afterAll(() => server?.close());

  const keyPrefix = async (id: string) => (await server.call("GET", `/manage/v1/api-keys/${id}`, { token: server.adminToken })).body.prefix;
  const whoami = (cookie: string) => server.call("GET", "/manage/v1/whoami", { headers: { cookie } });

  it("refuses a body-less key reset with the cookie and a foreign Origin, and the key keeps its secret", async () => {
    const cookie = await signIn(server, "admin", TEST_ADMIN_PASSWORD);
    const key = await createApiKey(server, workspaceId);
    const before = await keyPrefix(key.id);
    const res = await server.call("POST", `/manage/v1/api-keys/${key.id}/reset`, { headers: { cookie, ...EVIL } });
    expectError(res, 403, "Forbidden.CrossOrigin");
    expect(res.body.message).toContain("https://evil.example");
    expect(await keyPrefix(key.id)).toBe(before);
  });

  it("refuses create and delete from a foreign Origin or Referer, or when the browser says cross-site", async () => {
    const cookie = await signIn(server, "admin", TEST_ADMIN_PASSWORD);
    const key = await createApiKey(server, workspaceId);
    const create = { headers: { cookie, ...EVIL }, body: { workspaceId, description: "forged" } };
    expectError(await server.call("POST", "/manage/v1/api-keys", create), 403, "Forbidden.CrossOrigin");
    expectError(await server.call("DELETE", `/manage/v1/api-keys/${key.id}`, { headers: { cookie, ...EVIL } }), 403, "Forbidden.CrossOrigin");
    const referer = { cookie, referer: "https://evil.example/page" };
    expectError(await server.call("DELETE", `/manage/v1/api-keys/${key.id}`, { headers: referer }), 403, "Forbidden.CrossOrigin");
    for (const site of ["cross-site", "same-site"]) {
      expectError(await server.call("DELETE", `/manage/v1/api-keys/${key.id}`, { headers: { cookie, "sec-fetch-site": site } }), 403, "Forbidden.CrossOrigin");
    }
    // A sandboxed frame or a file: page sends "Origin: null".
    expectError(await server.call("DELETE", `/manage/v1/api-keys/${key.id}`, { headers: { cookie, origin: "null" } }), 403, "Forbidden.CrossOrigin");
    expect((await server.call("GET", `/manage/v1/api-keys/${key.id}`, { token: server.adminToken })).status).toBe(200);
  });

  it("refuses sign-out and sign-in from a foreign Origin (login CSRF); the session lives on", async () => {
    const cookie = await signIn(server, "admin", TEST_ADMIN_PASSWORD);
    expectError(await server.call("DELETE", "/manage/v1/session", { headers: { cookie, ...EVIL } }), 403, "Forbidden.CrossOrigin");
    expect((await whoami(cookie)).status).toBe(200);
    const forged = await server.call("POST", "/manage/v1/session", { headers: EVIL, body: { loginName: "admin", password: TEST_ADMIN_PASSWORD } });
    expectError(forged, 403, "Forbidden.CrossOrigin");
    expect(forged.headers.get("set-cookie")).toBeNull();
  });

  it("accepts the console's own requests: same Origin, or Sec-Fetch-Site same-origin without Origin", async () => {
    const own = { origin: server.url };
    const signedIn = await server.call("POST", "/manage/v1/session", { headers: own, body: { loginName: "admin", password: TEST_ADMIN_PASSWORD } });
    expect(signedIn.status).toBe(200);
    const cookie = signedIn.headers.get("set-cookie")?.split(";")[0] ?? "";
    const key = await createApiKey(server, workspaceId);
    const reset = await server.call("POST", `/manage/v1/api-keys/${key.id}/reset`, { headers: { cookie, ...own } });
    expect(reset.status, JSON.stringify(reset.body)).toBe(200);
    const created = await server.call("POST", "/manage/v1/api-keys", { headers: { cookie, "sec-fetch-site": "same-origin" }, body: { workspaceId } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const localhost = { origin: server.url.replace("127.0.0.1", "localhost") };
    // The Host the browser used is what counts, not the address the server listens on.
    expectError(await server.call("DELETE", `/manage/v1/api-keys/${key.id}`, { headers: { cookie, ...localhost } }), 403, "Forbidden.CrossOrigin");
    expect((await server.call("DELETE", `/manage/v1/api-keys/${key.id}`, { headers: { cookie, referer: `${server.url}/keys` } })).status).toBe(200);
    expect((await server.call("DELETE", "/manage/v1/session", { headers: { cookie, ...own } })).status).toBe(200);
    expect((await whoami(cookie)).status).toBe(401);
  });

  it("leaves token-authenticated requests and reads alone, whatever their Origin", async () => {
    const key = await createApiKey(server, workspaceId);
    const reset = await server.call("POST", `/manage/v1/api-keys/${key.id}/reset`, { token: server.adminToken, headers: EVIL });
    expect(reset.status, JSON.stringify(reset.body)).toBe(200);
    const cookie = await signIn(server, "admin", TEST_ADMIN_PASSWORD);
    expect((await server.call("GET", `/manage/v1/api-keys/${key.id}`, { headers: { cookie, ...EVIL } })).status).toBe(200);
    // Scripts and the CLI send no Origin at all: a cookie they carry was given to them on purpose.
    expect((await server.call("DELETE", `/manage/v1/api-keys/${key.id}`, { headers: { cookie } })).status).toBe(200);
  });
});
