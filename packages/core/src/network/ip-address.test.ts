import { describe, expect, it } from "vitest";
import { canonicalIpAddress, isPublicAddress, parseIpAddress } from "./ip-address.js";

/** Classification only: nothing here connects anywhere. */
describe("isPublicAddress", () => {
  it.each([
    "8.8.8.8",
    "1.1.1.1",
    "93.184.216.34",
    "2606:4700::1111",
    "2a00:1450:4001:80b::200e",
    "::ffff:8.8.8.8",
    "::ffff:808:808",
    "64:ff9b::8.8.8.8",
    "2002:808:808::1",
  ])("%s is public", (address) => expect(isPublicAddress(address)).toBe(true));

  const nonPublicV4: Record<string, string[]> = {
    unspecified: ["0.0.0.0", "0.1.2.3", "0.255.255.255"],
    loopback: ["127.0.0.1", "127.255.255.254"],
    private: ["10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255", "192.168.0.1"],
    "link-local (cloud metadata)": ["169.254.169.254", "169.254.0.1"],
    CGNAT: ["100.64.0.1", "100.127.255.255"],
    "IETF protocol assignments": ["192.0.0.8", "192.0.0.170"],
    documentation: ["192.0.2.1", "198.51.100.1", "203.0.113.7"],
    benchmarking: ["198.18.0.1", "198.19.255.255"],
    "6to4 relay anycast": ["192.88.99.1"],
    multicast: ["224.0.0.1", "239.255.255.255"],
    "reserved and broadcast": ["240.0.0.1", "255.255.255.255"],
  };

  // Each non-public IPv4 address in every IPv6 spelling that stands for it.
  const spellings = (v4: string) => {
    const [a = 0, b = 0, c = 0, d = 0] = v4.split(".").map(Number);
    const hex = `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
    return [
      v4,
      `::ffff:${v4}`,
      `::FFFF:${v4}`,
      `::ffff:${hex}`,
      `::FFFF:${hex.toUpperCase()}`,
      `0:0:0:0:0:ffff:${hex}`,
      `0000:0000:0000:0000:0000:ffff:${v4}`,
      `[::ffff:${hex}]`,
      `::${v4}`,
      `::${hex}`,
      `::ffff:0:${v4}`,
      `64:ff9b::${v4}`,
      `64:ff9b::${hex}`,
      `2002:${hex}::1`,
    ];
  };

  for (const [range, addresses] of Object.entries(nonPublicV4)) {
    it(`refuses ${range} in every spelling`, () => {
      for (const address of addresses) {
        for (const spelling of spellings(address)) expect(isPublicAddress(spelling), spelling).toBe(false);
      }
    });
  }

  it.each([
    ["unspecified", "::"],
    ["loopback", "::1"],
    ["loopback, expanded", "0:0:0:0:0:0:0:1"],
    ["unique-local", "fc00::1"],
    ["unique-local", "fd00:ec2::254"],
    ["link-local", "fe80::1"],
    ["link-local with zone", "fe80::1%eth0"],
    ["site-local", "fec0::1"],
    ["multicast", "ff02::1"],
    ["discard", "100::1"],
    ["documentation", "2001:db8::1"],
    ["documentation (2024)", "3fff::1"],
    ["Teredo", "2001::1"],
    ["benchmarking", "2001:2::1"],
    ["ORCHID", "2001:20::1"],
    ["local-use NAT64", "64:ff9b:1::a00:1"],
    ["outside global unicast", "4000::1"],
    ["outside global unicast", "::2:1"],
  ])("refuses %s %s", (_range, address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(["", "localhost", "example.com", "127.1", "0x7f.1", "2130706433", "127.0.0.1.", "1.2.3.4.5", "::ffff:300.1.1.1", "1::2::3"])(
    "refuses %j, which is not a standard address",
    (text) => {
      expect(isPublicAddress(text)).toBe(false);
    },
  );
});

describe("canonicalIpAddress", () => {
  const canonical = (text: string) => {
    const parsed = parseIpAddress(text);
    if (!parsed) throw new Error(`${text} did not parse`);
    return canonicalIpAddress(parsed).toString();
  };

  it("reads IPv4-mapped, -compatible and -translated addresses as IPv4", () => {
    for (const text of ["::ffff:127.0.0.1", "::ffff:7f00:1", "0:0:0:0:0:ffff:7f00:1", "::FFFF:7F00:1", "::127.0.0.1", "::7f00:1", "::ffff:0:7f00:1"]) {
      expect(canonical(text), text).toBe("127.0.0.1");
    }
    expect(canonical("::ffff:0.0.0.0")).toBe("0.0.0.0");
  });

  it("keeps ::, ::1 and other IPv6 addresses as they are", () => {
    expect(canonical("::")).toBe("::");
    expect(canonical("::1")).toBe("::1");
    expect(canonical("2001:db8::1")).toBe("2001:db8::1");
    expect(canonical("64:ff9b::7f00:1")).toBe("64:ff9b::7f00:1");
  });
});
