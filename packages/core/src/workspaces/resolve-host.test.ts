import { describe, expect, it } from "vitest";
import { hostnameOf, resolveHost } from "./resolve-host.js";
import type { Region } from "./workspace-types.js";

const local: Region = { id: "local", name: "Local", sharedOrigin: "http://localhost:8080", apiDomain: "localhost" };
const eu: Region = { id: "eu", name: "Europe", sharedOrigin: "http://api-eu.localhost:8080", apiDomain: "localhost" };
const regions = [local, eu];
const WS = "ws-abcdefgh12345678";

const route = (host: string) => {
  const r = resolveHost(host, regions);
  return r && `${r.region.id}${r.workspaceId ? `/${r.workspaceId}` : ""}`;
};

describe("hostnameOf", () => {
  it.each([
    ["localhost", "localhost"],
    ["LOCALHOST:8080", "localhost"],
    ["localhost.", "localhost"],
    ["localhost.:8080", "localhost"],
    ["localhost:", "localhost"],
    ["Api-EU.LocalHost.:80", "api-eu.localhost"],
    ["127.0.0.1:8080", "127.0.0.1"],
    ["[::1]:8080", "::1"],
    ["[::FFFF:127.0.0.1]", "::ffff:127.0.0.1"],
  ])("%j names %j", (header, hostname) => {
    expect(hostnameOf(header)).toBe(hostname);
  });

  it.each([
    "",
    " ",
    "localhost..",
    ".localhost",
    "a..b",
    "-a.b",
    "a-.b",
    "local host",
    "localhost:8080:1",
    "localhost:99999",
    "localhost:abc",
    "user@localhost",
    "localhost/x",
    "[::1",
    "[not-ip]",
    "::1",
    "ex_ample.com",
    `${"a".repeat(64)}.com`,
    "localhost\u0000",
  ])("%j is not a host", (header) => {
    expect(hostnameOf(header)).toBeNull();
  });
});

describe("resolveHost", () => {
  it("finds a region's shared host whatever the case, trailing dot or port", () => {
    for (const host of [
      "api-eu.localhost",
      "api-eu.localhost:80",
      "api-eu.localhost:8080",
      "api-eu.localhost.:8080",
      "API-EU.LOCALHOST.",
      "api-eu.localhost:443",
    ])
      expect(route(host), host).toBe("eu");
    for (const host of ["localhost", "localhost:8080", "LocalHost.:80"]) expect(route(host), host).toBe("local");
  });

  it("finds dedicated hosts in every spelling, so the dedicated-host rule always applies", () => {
    for (const host of [`${WS}.local.localhost`, `${WS}.local.localhost:8080`, `${WS}.local.localhost.:8080`, `${WS.toUpperCase()}.LOCAL.LOCALHOST:80`])
      expect(route(host), host).toBe(`local/${WS}`);
    expect(route(`${WS}.eu.localhost.`)).toBe(`eu/${WS}`);
  });

  it("takes an IP address or plain localhost as the first region's shared host", () => {
    for (const host of ["127.0.0.1", "127.0.0.1:8080", "[::1]:8080", "[::ffff:127.0.0.1]", "10.0.0.5", "203.0.113.7:443"])
      expect(route(host), host).toBe("local");
  });

  it("resolves no region for any other host: unknown names, nested labels, legacy IP spellings, garbage", () => {
    for (const host of [
      "",
      "example.com",
      "api-us.localhost",
      "foo.localhost",
      "localhost.evil.example",
      `a.${WS}.local.localhost`,
      `.local.localhost`,
      `${WS}.local.localhost.evil`,
      "0x7f.1",
      "2130706433",
      "127.1",
      "localhost..",
      "garbage host",
      "[::1",
    ]) {
      expect(route(host), host).toBeNull();
    }
  });

  it("matches regions configured with upper case or a trailing dot", () => {
    const odd: Region = { id: "cn", name: "CN", sharedOrigin: "https://DashScope.Example.COM.", apiDomain: "Maas.Example.com." };
    expect(resolveHost("dashscope.example.com", [odd])?.region.id).toBe("cn");
    expect(resolveHost(`${WS}.cn.maas.example.com:443`, [odd])?.workspaceId).toBe(WS);
  });
});
