import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { LOOPBACK_URL_HOSTS } from "@appstudio/core/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFetchToolHttpClient } from "./http-tool-client.js";
import { checkLiteralHost } from "./network-policy.js";
import { nodeHttpFetch } from "./openai/node-http-fetch.js";

describe("outbound network policy 'public' over real connections (loopback targets only)", () => {
  let server: ReturnType<typeof createServer>;
  let port: number;
  let hits = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits++;
      res.end("inside");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => server?.close());
  beforeEach(() => {
    hits = 0;
  });

  const call = (network: "public" | "any", host: string) =>
    createFetchToolHttpClient({ network }).request({
      method: "GET",
      url: `http://${host}:${port}/`,
      headers: {},
      timeoutMs: 2000,
      signal: new AbortController().signal,
    });

  it.each(LOOPBACK_URL_HOSTS)("refuses http://%s:PORT/ without connecting", async (host) => {
    await expect(call("public", host)).rejects.toThrow(/not a public address \(outbound network policy 'public'\)/);
    expect(hits).toBe(0);
  });

  it("judges literal hosts that would be routed off this machine without connecting at all", () => {
    // IPv4-compatible, NAT64 and 6to4 spellings of loopback, link-local and private addresses.
    for (const host of [
      "[::127.0.0.1]",
      "[::7f00:1]",
      "[64:ff9b::127.0.0.1]",
      "[2002:7f00:1::1]",
      "[::ffff:169.254.169.254]",
      "[::ffff:a9fe:a9fe]",
      "[64:ff9b::a9fe:a9fe]",
      "[::ffff:10.0.0.1]",
      "[fd00::1]",
      "169.254.169.254",
      "0xa9fea9fe",
    ]) {
      expect(() => checkLiteralHost(new URL(`http://${host}:1/`), "public"), host).toThrow(/not a public address/);
    }
    expect(() => checkLiteralHost(new URL("http://[::7f00:1]:1/"), "any")).not.toThrow();
  });

  it("allows loopback under 'any'", async () => {
    await expect(call("any", "127.0.0.1")).resolves.toMatchObject({ status: 200, body: "inside" });
    expect(hits).toBe(1);
  });

  it("never reuses a keep-alive connection another client opened without the policy", async () => {
    // A model provider (unguarded) talks to an internal host by name and leaves the socket idle
    // in its pool; a tool call to the same name must still be vetted, not ride that socket.
    const res = await nodeHttpFetch(`http://localhost:${port}/`);
    expect(await res.text()).toBe("inside");
    hits = 0;
    await expect(call("public", "localhost")).rejects.toThrow(/not a public address/);
    expect(hits).toBe(0);
  });
});
