import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../src/testing/index.js";
import { createApiKey, createWorkspace } from "../support/accounts.js";
import { rawExchange, rawRequest } from "../support/raw-http.js";

/**
 * Keys are bound to their region and, on a dedicated host, to that host's workspace. The Host
 * header is the client's to write, so every spelling of a host must land on the same rule, and a
 * host that names no region must never skip the rule. All hosts here are names only: every
 * request goes to the test server on 127.0.0.1.
 */
describe("region and dedicated-host binding of API keys", () => {
  let server: TestServer;
  let port: string;
  let localWs: string;
  let otherLocalWs: string;
  let euWs: string;
  let localKey: string;
  let euKey: string;

  beforeAll(async () => {
    server = await startTestServer({
      env: {
        APPSTUDIO_REGIONS: JSON.stringify([
          { id: "local", name: "Local", sharedOrigin: "http://localhost:8080", apiDomain: "localhost" },
          { id: "eu", name: "Europe", sharedOrigin: "http://api-eu.localhost:8080", apiDomain: "localhost" },
        ]),
      },
    });
    port = new URL(server.url).port;
    const workspaces = (await server.call("GET", "/manage/v1/workspaces", { token: server.adminToken })).body.items as {
      id: string;
      region: string;
      isDefault: boolean;
    }[];
    localWs = workspaces.find((w) => w.region === "local" && w.isDefault)!.id;
    euWs = workspaces.find((w) => w.region === "eu" && w.isDefault)!.id;
    otherLocalWs = await createWorkspace(server);
    localKey = (await createApiKey(server, localWs)).secret;
    euKey = (await createApiKey(server, euWs)).secret;
  });
  afterAll(() => server?.close());

  const call = async (key: string, host: string) => {
    const res = await rawRequest(`${server.url}/api/v1/apps`, { headers: { authorization: `Bearer ${key}`, host } });
    return { status: res.status, code: res.status === 200 ? "" : (JSON.parse(res.text).code as string) };
  };

  it("refuses a key on another region's shared host in every spelling (401 InvalidApiKey)", async () => {
    const euHosts = [
      "api-eu.localhost",
      "api-eu.localhost:80",
      `api-eu.localhost:${port}`,
      `api-eu.localhost.:${port}`,
      "api-eu.localhost.",
      `API-EU.LOCALHOST:${port}`,
      "Api-Eu.LocalHost.:443",
    ];
    for (const host of euHosts) {
      expect(await call(localKey, host), host).toEqual({ status: 401, code: "InvalidApiKey" });
      expect(await call(euKey, host), host).toEqual({ status: 200, code: "" });
    }
    for (const host of [`localhost:${port}`, "LOCALHOST.", "localhost:80", `127.0.0.1:${port}`, `[::1]:${port}`]) {
      expect(await call(euKey, host), host).toEqual({ status: 401, code: "InvalidApiKey" });
      expect(await call(localKey, host), host).toEqual({ status: 200, code: "" });
    }
  });

  it("applies the dedicated-host rule to every spelling of a dedicated host", async () => {
    for (const spell of [
      (ws: string) => `${ws}.local.localhost:${port}`,
      (ws: string) => `${ws}.local.localhost.:${port}`,
      (ws: string) => `${ws.toUpperCase()}.LOCAL.LOCALHOST:80`,
      (ws: string) => `${ws}.local.localhost.`,
    ]) {
      expect(await call(localKey, spell(localWs)), spell(localWs)).toEqual({ status: 200, code: "" });
      expect(await call(localKey, spell(otherLocalWs)), spell(otherLocalWs)).toEqual({ status: 403, code: "Workspace.AccessDenied" });
      // The other region's dedicated host of the key's own workspace ID: another region, unknown key.
      expect(await call(localKey, spell(localWs).replace(/local\.localhost/i, "eu.localhost")), "eu").toEqual({ status: 401, code: "InvalidApiKey" });
    }
  });

  it("refuses every key on a host of no region: unknown names, legacy IP spellings, garbage", async () => {
    const unknown = [
      "evil.example",
      `evil.example:${port}`,
      "foo.localhost",
      "api-us.localhost",
      `a.${localWs}.local.localhost`,
      `${localWs}.local.localhost.evil.example`,
      "localhost..",
      "0x7f.1",
      "2130706433",
      "127.1",
      "a b",
      "@localhost",
      "localhost:abc",
    ];
    for (const host of unknown) {
      expect(await call(localKey, host), JSON.stringify(host)).toEqual({ status: 401, code: "InvalidApiKey" });
      expect(await call(euKey, host), JSON.stringify(host)).toEqual({ status: 401, code: "InvalidApiKey" });
    }
    // An empty Host, and none at all (HTTP/1.0), which no HTTP client library will send.
    for (const head of ["GET /api/v1/apps HTTP/1.1\r\nHost:", "GET /api/v1/apps HTTP/1.1\r\nHost: ", "GET /api/v1/apps HTTP/1.0"]) {
      const res = await rawExchange(server.url, `${head}\r\nAuthorization: Bearer ${localKey}\r\nConnection: close\r\n\r\n`);
      expect(res.status, head).toBe(401);
      expect(res.text).toContain('"code":"InvalidApiKey"');
    }
  });
});
