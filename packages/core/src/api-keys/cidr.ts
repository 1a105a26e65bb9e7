import { canonicalIpAddress, type IpAddress, parseIpAddress } from "../network/ip-address.js";

/** A block of addresses: its first address and prefix length, IPv4 when written as IPv4-mapped. */
export interface Cidr {
  address: IpAddress;
  prefix: number;
}

/**
 * Parses `10.0.0.0/8`, `2001:db8::/32` or a bare address (a /32 or /128). An IPv4-mapped block
 * (`::ffff:10.0.0.0/104`) is read as the IPv4 block it spells. Returns null when invalid.
 */
export function parseCidr(text: string): Cidr | null {
  const parts = text.trim().split("/");
  if (parts.length > 2) return null;
  const [addressText = "", prefixText] = parts;
  const parsed = parseIpAddress(addressText);
  if (!parsed) return null;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  const bits = parsed.kind() === "ipv4" ? 32 : 128;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return null;
  const address = canonicalIpAddress(parsed);
  if (address.kind() === parsed.kind()) return { address, prefix };
  // Written as IPv6 but meaning IPv4: only the last 32 bits may vary.
  return prefix >= 96 ? { address, prefix: prefix - 96 } : null;
}

/**
 * True when the block holds the address, read both as written and as the IPv4 address it may
 * spell: a dual-stack server sees an IPv4 client as `::ffff:a.b.c.d`, and `127.0.0.1/32` must
 * still match it.
 */
export function cidrContains(cidr: Cidr, address: string): boolean {
  const parsed = parseIpAddress(address);
  if (!parsed) return false;
  return [parsed, canonicalIpAddress(parsed)].some((a) => a.kind() === cidr.address.kind() && a.match(cidr.address, cidr.prefix));
}

/** True when the allowlist is empty or one of its blocks contains the address. */
export function ipAllowed(allowlist: readonly string[], address: string | null): boolean {
  if (allowlist.length === 0) return true;
  if (!address) return false;
  return allowlist.some((block) => {
    const cidr = parseCidr(block);
    return cidr !== null && cidrContains(cidr, address);
  });
}
