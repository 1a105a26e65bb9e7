import { describe, expect, it } from "vitest";
import { parseTrustProxy, trustProxyFunction } from "./trust-proxy.js";

const parse = (value: unknown) => {
  const problems: string[] = [];
  return { setting: parseTrustProxy(value, problems), problems };
};

describe("parseTrustProxy", () => {
  it("trusts nobody by default and for false, 0, no or an empty value", () => {
    for (const value of [undefined, false, "false", "FALSE", "0", "no", "", "  "])
      expect(parse(value), String(value)).toEqual({ setting: false, problems: [] });
  });

  it("refuses true: it would let every client choose its own address, and says what to set instead", () => {
    for (const value of [true, "true", "True", "yes"]) {
      const { setting, problems } = parse(value);
      expect(setting).toBe(false);
      expect(problems).toEqual([
        expect.stringMatching(
          /^trustProxy \(APPSTUDIO_TRUST_PROXY\): '\w+' would trust any client to choose its own address .*127\.0\.0\.1,10\.0\.0\.0\/8.*number of proxies/,
        ),
      ]);
    }
  });

  it("reads a hop count", () => {
    expect(parse("1").setting).toBe(1);
    expect(parse(2).setting).toBe(2);
    expect(parse("101").problems).toEqual([expect.stringMatching(/hop count .* 1 to 100, got '101'/)]);
  });

  it("reads addresses, CIDR blocks and named blocks, from a comma list or a JSON array", () => {
    expect(parse("127.0.0.1, 10.0.0.0/8,::1,fd00::/8,loopback").setting).toEqual(["127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8", "loopback"]);
    expect(parse(["192.168.0.0/16", "uniquelocal"]).setting).toEqual(["192.168.0.0/16", "uniquelocal"]);
  });

  it("names every entry that is not an address or block", () => {
    const { setting, problems } = parse("127.0.0.1,maybe,10.0.0.0/33,,*");
    expect(setting).toBe(false);
    expect(problems).toEqual([
      expect.stringMatching(/^trustProxy \(APPSTUDIO_TRUST_PROXY\): not an address, CIDR block.*: 'maybe', '10\.0\.0\.0\/33', '', '\*'; set the addresses/),
    ]);
  });
});

describe("trustProxyFunction", () => {
  it("trusts nothing when off", () => {
    expect(trustProxyFunction(false)).toBe(false);
  });

  it("trusts listed proxies in every spelling of their address, and nothing else", () => {
    const trust = trustProxyFunction(["127.0.0.1", "10.0.0.0/8", "linklocal"]);
    if (!trust) throw new Error("expected a function");
    for (const address of ["127.0.0.1", "::ffff:127.0.0.1", "::ffff:7f00:1", "10.1.2.3", "::ffff:10.1.2.3", "169.254.1.1", "fe80::1"])
      expect(trust(address, 0), address).toBe(true);
    for (const address of ["127.0.0.2", "::1", "203.0.113.7", "11.0.0.1", "garbage", ""]) expect(trust(address, 0), address).toBe(false);
  });

  it("trusts the nearest hops only with a hop count", () => {
    const trust = trustProxyFunction(2);
    if (!trust) throw new Error("expected a function");
    expect([0, 1, 2, 3].map((hop) => trust("203.0.113.7", hop))).toEqual([true, true, false, false]);
  });
});
