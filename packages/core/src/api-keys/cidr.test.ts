import { describe, expect, it } from "vitest";
import { cidrContains, ipAllowed, parseCidr } from "./cidr.js";

const contains = (block: string, address: string) => {
  const cidr = parseCidr(block);
  if (!cidr) throw new Error(`${block} did not parse`);
  return cidrContains(cidr, address);
};

describe("parseCidr", () => {
  const shape = (text: string) => {
    const cidr = parseCidr(text);
    return cidr && `${cidr.address.toString()}/${cidr.prefix}`;
  };

  it("parses IPv4 and IPv6 blocks and bare addresses", () => {
    expect(shape("10.1.2.3/8")).toBe("10.1.2.3/8");
    expect(shape("192.168.0.7")).toBe("192.168.0.7/32");
    expect(shape(" 0.0.0.0/0 ")).toBe("0.0.0.0/0");
    expect(shape("2001:db8::1/32")).toBe("2001:db8::1/32");
    expect(shape("::1")).toBe("::1/128");
    expect(shape("::/0")).toBe("::/0");
    expect(shape("fe80::/10")).toBe("fe80::/10");
    expect(shape("64:ff9b::1.2.3.4")).toBe("64:ff9b::102:304/128");
  });

  it("reads an IPv4-mapped IPv6 block as the IPv4 block it spells", () => {
    expect(shape("::ffff:10.0.0.1")).toBe("10.0.0.1/32");
    expect(shape("::FFFF:10.0.0.0/104")).toBe("10.0.0.0/8");
    expect(shape("::ffff:a00:0/104")).toBe("10.0.0.0/8");
  });

  it.each([
    "",
    "not-an-ip",
    "10.0.0.0/33",
    "10.0.0.0/-1",
    "10.0.0.0/",
    "10.0.0.0/8/8",
    "10.0.0.0/8x",
    "10.0.0.0/ 8",
    "10.0.0.0/1.5",
    "10.0.0.0/0008",
    "256.0.0.1",
    "10.0.0",
    "127.1",
    "0x7f.0.0.1",
    "2130706433",
    "1.2.3.4.5",
    "2001:db8::/129",
    "2001:db8:::1",
    "1::2::3",
    "12345::",
    "gggg::1",
    "::ffff:300.1.1.1",
    // An IPv4-mapped block shorter than /96 would reach past the IPv4 part.
    "::ffff:10.0.0.0/8",
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

  it("matches an IPv4-mapped caller address (dual-stack sockets) against IPv4 blocks, in every spelling", () => {
    for (const caller of ["::ffff:127.0.0.1", "::FFFF:127.0.0.1", "::ffff:7f00:1", "0:0:0:0:0:ffff:7f00:1", "[::ffff:7f00:1]"]) {
      expect(contains("127.0.0.1/32", caller), caller).toBe(true);
      expect(contains("127.0.0.1", caller), caller).toBe(true);
      expect(contains("127.0.0.0/8", caller), caller).toBe(true);
      expect(contains("::ffff:127.0.0.1", caller), caller).toBe(true);
      expect(ipAllowed(["127.0.0.1/32"], caller), caller).toBe(true);
    }
    expect(contains("::ffff:127.0.0.1", "127.0.0.1")).toBe(true);
    expect(contains("10.0.0.0/8", "::ffff:192.168.0.1")).toBe(false);
    expect(contains("127.0.0.1/32", "::ffff:127.0.0.2")).toBe(false);
    // The mapped range as a block is all of IPv4; IPv6 blocks still match a caller as written.
    expect(contains("::ffff:0:0/96", "::ffff:127.0.0.1")).toBe(true);
    expect(contains("::ffff:0:0/96", "10.1.2.3")).toBe(true);
    expect(contains("::/96", "::7f00:1")).toBe(true);
  });

  it("never lets a loopback or unspecified IPv6 caller match an IPv4 block", () => {
    expect(contains("0.0.0.0/8", "::1")).toBe(false);
    expect(contains("0.0.0.0/8", "::")).toBe(false);
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
