import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * Parses an IP address in one of its standard spellings: a dotted quad, or RFC 4291 IPv6 in any
 * case, compressed or not, with an optional embedded dotted quad and optional brackets. Legacy
 * IPv4 forms (`127.1`, `0x7f.1`, `2130706433`) are refused here: URLs turn them into dotted quads
 * before they reach us, and an allowlist entry should say what it means.
 */
export function parseIpAddress(text: string): IpAddress | null {
  const bare = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  if (isIP(bare) === 0) return null;
  try {
    return ipaddr.parse(bare);
  } catch {
    return null;
  }
}

const IPV4_COMPATIBLE: [ipaddr.IPv6, number] = [ipaddr.IPv6.parse("::"), 96];
const IPV4_TRANSLATED: [ipaddr.IPv6, number] = [ipaddr.IPv6.parse("::ffff:0:0:0"), 96];

/**
 * The address itself, or the IPv4 address when the IPv6 address is only another spelling of it:
 * IPv4-mapped `::ffff:a.b.c.d` (what a dual-stack socket reports), IPv4-compatible `::a.b.c.d`
 * and IPv4-translated `::ffff:0:a.b.c.d`. `::` and `::1` stay IPv6 (unspecified, loopback).
 */
export function canonicalIpAddress(address: IpAddress): IpAddress {
  if (address.kind() === "ipv4") return address;
  const v6 = address as ipaddr.IPv6;
  const sameHost = v6.isIPv4MappedAddress() || v6.match(IPV4_TRANSLATED) || (v6.match(IPV4_COMPATIBLE) && !isUnspecifiedOrLoopback(v6));
  return sameHost ? lastFourBytes(v6) : v6;
}

const isUnspecifiedOrLoopback = (v6: ipaddr.IPv6) => v6.parts.slice(0, 7).every((p) => p === 0) && (v6.parts[7] ?? 0) <= 1;

function lastFourBytes(v6: ipaddr.IPv6): ipaddr.IPv4 {
  return new ipaddr.IPv4(v6.toByteArray().slice(12));
}

const NAT64_WELL_KNOWN: [ipaddr.IPv6, number] = [ipaddr.IPv6.parse("64:ff9b::"), 96];
const SIX_TO_FOUR: [ipaddr.IPv6, number] = [ipaddr.IPv6.parse("2002::"), 16];
/** IPv6 global unicast (RFC 4291); everything outside it is reserved, local or special. */
const GLOBAL_UNICAST: [ipaddr.IPv6, number] = [ipaddr.IPv6.parse("2000::"), 3];

/**
 * The IPv4 host an IPv6 transition address carries traffic to: NAT64 `64:ff9b::a.b.c.d` (RFC 6052)
 * or 6to4 `2002:AABB:CCDD::/48` (RFC 3056). Null for other addresses.
 */
export function tunnelledIPv4(v6: ipaddr.IPv6): ipaddr.IPv4 | null {
  if (v6.match(NAT64_WELL_KNOWN)) return lastFourBytes(v6);
  if (v6.match(SIX_TO_FOUR)) return new ipaddr.IPv4(v6.toByteArray().slice(2, 6));
  return null;
}

/**
 * True only for an address on the public internet. Every spelling of an IPv4 address is judged as
 * that IPv4 address (so `::ffff:127.0.0.1`, `::ffff:7f00:1` and `64:ff9b::7f00:1` are loopback).
 * Refused: loopback, unspecified (`0.0.0.0/8`, `::`), private, link-local, CGNAT, multicast,
 * broadcast, benchmarking, documentation and other reserved IPv4 ranges; unique-local `fc00::/7`,
 * site-local, link-local, multicast, Teredo, local-use NAT64 and everything outside `2000::/3` for
 * IPv6. Text that is not an address is not public.
 */
export function isPublicAddress(text: string): boolean {
  const parsed = parseIpAddress(text);
  if (!parsed) return false;
  const address = canonicalIpAddress(parsed);
  if (address.kind() === "ipv4") return address.range() === "unicast";
  const v6 = address as ipaddr.IPv6;
  const via = tunnelledIPv4(v6);
  if (via) return via.range() === "unicast";
  return v6.match(GLOBAL_UNICAST) && v6.range() === "unicast";
}
