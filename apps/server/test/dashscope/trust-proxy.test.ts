import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { startTestServer, type TestServer } from "../../src/testing/index.js";
import { createApiKey } from "../support/accounts.js";

/**
 * The client address behind proxies: only configured proxies are believed, and the client is the
 * nearest address in X-Forwarded-For that is not one of them. Every request here comes from
 * 127.0.0.1; the forwarded addresses are only header values.
 */
describe("APPSTUDIO_TRUST_PROXY and API-key IP allowlists", () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** Calls the app API with a key allowlisted to 203.0.113.7 only; returns the status and the address it was judged by. */
  async function callAllowlisted(trustProxy: string | undefined, forwardedFor: string) {
    server = await startTestServer({ env: trustProxy === undefined ? {} : { APPSTUDIO_TRUST_PROXY: trustProxy } });
    const workspace = (await server.call("GET", "/manage/v1/workspaces", { token: server.adminToken })).body.items[0].id as string;
    const created = await server.call("POST", "/manage/v1/api-keys", {
      token: server.adminToken,
      body: { workspaceId: workspace, ipAllowlist: ["203.0.113.7"] },
    });
    expect(created.status).toBe(201);
    const res = await server.call("GET", "/api/v1/apps", { token: created.body.secret, headers: { "x-forwarded-for": forwardedFor } });
    const from = /may not be used from (\S+?)\.$/.exec(res.body?.message ?? "")?.[1];
    return { status: res.status, code: res.body?.code, from };
  }

  it("ignores X-Forwarded-For when no proxy is trusted (the default)", async () => {
    expect(await callAllowlisted(undefined, "203.0.113.7")).toEqual({ status: 403, code: "AccessDenied", from: "127.0.0.1" });
  });

  it("ignores X-Forwarded-For sent by an address that is not a trusted proxy", async () => {
    expect(await callAllowlisted("10.0.0.0/8,192.168.0.1", "203.0.113.7")).toEqual({ status: 403, code: "AccessDenied", from: "127.0.0.1" });
  });

  it("takes the nearest untrusted address, not the leftmost one the client wrote", async () => {
    // The client sent `X-Forwarded-For: 203.0.113.7`; the trusted proxy appended the real client.
    expect(await callAllowlisted("127.0.0.1", "203.0.113.7, 198.51.100.9")).toEqual({ status: 403, code: "AccessDenied", from: "198.51.100.9" });
    await server?.close();
    expect(await callAllowlisted("loopback", "203.0.113.7, 198.51.100.9")).toEqual({ status: 403, code: "AccessDenied", from: "198.51.100.9" });
  });

  it("with a hop count, believes exactly that many proxies", async () => {
    expect(await callAllowlisted("1", "203.0.113.7, 198.51.100.9")).toEqual({ status: 403, code: "AccessDenied", from: "198.51.100.9" });
    await server?.close();
    expect(await callAllowlisted("2", "192.0.2.1, 203.0.113.7, 198.51.100.9")).toEqual({ status: 200, code: undefined, from: undefined });
  });

  it("believes a trusted proxy that names the allowlisted client", async () => {
    expect(await callAllowlisted("127.0.0.1", "203.0.113.7")).toEqual({ status: 200, code: undefined, from: undefined });
    await server?.close();
    expect(await callAllowlisted("127.0.0.1,10.0.0.0/8", "203.0.113.7, 10.1.2.3")).toEqual({ status: 200, code: undefined, from: undefined });
  });

  it("reads the region from X-Forwarded-Host only when a trusted proxy sent it", async () => {
    const call = async (headers: Record<string, string>) => {
      const workspace = (await server!.call("GET", "/manage/v1/workspaces", { token: server!.adminToken })).body.items[0].id as string;
      const key = await createApiKey(server!, workspace);
      return (await server!.call("GET", "/api/v1/apps", { token: key.secret, headers })).status;
    };
    server = await startTestServer({ env: { APPSTUDIO_TRUST_PROXY: "127.0.0.1" } });
    expect(await call({ "x-forwarded-host": "localhost:8080" })).toBe(200);
    expect(await call({ "x-forwarded-host": "evil.example" })).toBe(401);
    await server.close();
    server = await startTestServer({ env: { APPSTUDIO_TRUST_PROXY: "10.0.0.0/8" } });
    expect(await call({ "x-forwarded-host": "evil.example" })).toBe(200);
  });

  it("refuses to start with true, saying what to set instead", () => {
    expect(() => loadConfig({ APPSTUDIO_TRUST_PROXY: "true" })).toThrow(ConfigError);
    expect(() => loadConfig({ APPSTUDIO_TRUST_PROXY: "true" })).toThrow(/would trust any client to choose its own address.*127\.0\.0\.1,10\.0\.0\.0\/8/);
  });
});
