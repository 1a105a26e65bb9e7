import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFetchToolHttpClient } from "./http-tool-client.js";
import { isPublicAddress } from "./network-policy.js";

describe("outbound network policy", () => {
  it("tells public addresses from loopback, private, link-local and the like", () => {
    for (const address of ["8.8.8.8", "1.1.1.1", "2606:4700::1111", "::ffff:8.8.8.8"]) expect(isPublicAddress(address), address).toBe(true);
    for (const address of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00:ec2::254", "::ffff:127.0.0.1"]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
  });

  let server: ReturnType<typeof createServer>;
  let port: number;
  beforeAll(async () => {
    server = createServer((_req, res) => res.end("inside"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => server?.close());

  const call = (network: "public" | "any", host: string) =>
    createFetchToolHttpClient({ network }).request({ method: "GET", url: `http://${host}:${port}/`, headers: {}, timeoutMs: 2000, signal: new AbortController().signal });

  it("refuses loopback by literal address and by name under 'public', and allows it under 'any'", async () => {
    await expect(call("public", "127.0.0.1")).rejects.toThrow(/not a public address/);
    await expect(call("public", "localhost")).rejects.toThrow(/not a public address/);
    await expect(call("any", "127.0.0.1")).resolves.toMatchObject({ status: 200, body: "inside" });
  });
});
