import { describe, expect, it } from "vitest";
import { cidrContains, ipAllowed, parseCidr } from "./cidr.js";

const contains = (block: string, address: string) => {
  const cidr = parseCidr(block);
  if (!cidr) throw new Error(`${block} did not parse`);
  return cidrContains(cidr, address);
};

describe("parseCidr", () => {
  it("parses IPv4 and IPv6 blocks and bare addresses, normalising the network", () => {
    expect(parseCidr("10.1.2.3/8")).toEqual({ family: 4, network: 10n << 24n, prefix: 8 });
    expect(parseCidr("192.168.0.7")).toEqual({ family: 4, network: (192n << 24n) + (168n << 16n) + 7n, prefix: 32 });
    expect(parseCidr(" 0.0.0.0/0 ")).toEqual({ family: 4, network: 0n, prefix: 0 });
    expect(parseCidr("2001:db8::1/32")).toEqual({ family: 6, network: 0x20010db8n << 96n, prefix: 32 });
    expect(parseCidr("::1")).toEqual({ family: 6, network: 1n, prefix: 128 });
    expect(parseCidr("::/0")).toEqual({ family: 6, network: 0n, prefix: 0 });
    expect(parseCidr("fe80::/10")?.prefix).toBe(10);
  });

  it("reads an IPv4-mapped IPv6 address as the IPv4 address", () => {
    expect(parseCidr("::ffff:10.0.0.1")).toEqual(parseCidr("10.0.0.1"));
    expect(parseCidr("::FFFF:10.0.0.0/8")).toEqual(parseCidr("10.0.0.0/8"));
  });

  it.each([
    "", "not-an-ip", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/", "10.0.0.0/8/8", "10.0.0.0/8x", "10.0.0.0/ 8", "10.0.0.0/1.5",
    "256.0.0.1", "10.0.0", "1.2.3.4.5", "2001:db8::/129", "2001:db8:::1", "1::2::3", "12345::", "gggg::1", "::ffff:300.1.1.1", "64:ff9b::1.2.3.4",
  ])("refuses %j", (text) => {
    expect(parseCidr(text)).toBeNull();
  });
});

describe("cidrContains and ipAllowed", () => {
  it("matches IPv4 addresses inside and outside a block", () => {
    expect(contains("10.0.0.0/8", "10.255.255.255")).toBe(true);
    expect(contains("10.0.0.0/8", "11.0.0.0")).toBe(false);
    expect(contains("192.168.1.0/24", "192.168.1.77")).toBe(true);
    expect(contains("192.168.1.0/24", "192.168.2.1")).toBe(false);
    expect(contains("0.0.0.0/0", "8.8.8.8")).toBe(true);
    expect(contains("203.0.113.9", "203.0.113.9")).toBe(true);
    expect(contains("203.0.113.9", "203.0.113.10")).toBe(false);
  });

  it("matches IPv6 addresses, including compressed forms", () => {
    expect(contains("2001:db8::/32", "2001:db8:ffff::1")).toBe(true);
    expect(contains("2001:db8::/32", "2001:db9::1")).toBe(false);
    expect(contains("::1", "0:0:0:0:0:0:0:1")).toBe(true);
    expect(contains("fe80::/10", "febf::1")).toBe(true);
    expect(contains("fe80::/10", "fec0::1")).toBe(false);
  });

  it("matches an IPv4-mapped caller address (dual-stack sockets) against IPv4 blocks", () => {
    expect(contains("127.0.0.0/8", "::ffff:127.0.0.1")).toBe(true);
    expect(contains("10.0.0.0/8", "::ffff:192.168.0.1")).toBe(false);
  });

  it("never matches across families or on garbage", () => {
    expect(contains("0.0.0.0/0", "::1")).toBe(false);
    expect(contains("::/0", "10.0.0.1")).toBe(false);
    expect(contains("0.0.0.0/0", "garbage")).toBe(false);
  });

  it("allows anything with an empty list, nothing without an address, and skips invalid entries", () => {
    expect(ipAllowed([], null)).toBe(true);
    expect(ipAllowed([], "1.2.3.4")).toBe(true);
    expect(ipAllowed(["10.0.0.0/8"], null)).toBe(false);
    expect(ipAllowed(["bogus", "10.0.0.0/8"], "10.1.1.1")).toBe(true);
    expect(ipAllowed(["bogus", "10.0.0.0/8"], "11.1.1.1")).toBe(false);
    expect(ipAllowed(["::1", "192.168.0.0/16"], "::ffff:192.168.3.4")).toBe(true);
  });
});
