import { isIP } from "node:net";

/** An address as a bigint plus its family, so IPv4 and IPv6 ranges share one comparison. */
function toBigInt(address: string): { family: 4 | 6; value: bigint } | null {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const addr = mapped ? mapped[1]! : address;
  const family = isIP(addr);
  if (family === 4) {
    return { family: 4, value: addr.split(".").reduce((acc, part) => (acc << 8n) + BigInt(Number(part)), 0n) };
  }
  if (family === 6) {
    const [head = "", tail = ""] = addr.split("::");
    const parse = (s: string) => (s === "" ? [] : s.split(":"));
    let groups = parse(head);
    const tailGroups = parse(tail);
    if (addr.includes("::")) groups = [...groups, ...Array(8 - groups.length - tailGroups.length).fill("0"), ...tailGroups];
    if (groups.length !== 8 || groups.some((g) => g.includes("."))) return null;
    return { family: 6, value: groups.reduce((acc, g) => (acc << 16n) + BigInt(Number.parseInt(g, 16)), 0n) };
  }
  return null;
}

export interface Cidr {
  family: 4 | 6;
  network: bigint;
  prefix: number;
}

/** Parses `10.0.0.0/8`, `2001:db8::/32` or a bare address (a /32 or /128). Returns null when invalid. */
export function parseCidr(text: string): Cidr | null {
  const parts = text.trim().split("/");
  if (parts.length > 2) return null;
  const [addr = "", prefixText] = parts;
  const parsed = toBigInt(addr);
  if (!parsed) return null;
  const bits = parsed.family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits || (prefixText !== undefined && !/^\d+$/.test(prefixText))) return null;
  const mask = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);
  return { family: parsed.family, network: parsed.value & mask, prefix };
}

export function cidrContains(cidr: Cidr, address: string): boolean {
  const parsed = toBigInt(address);
  if (!parsed || parsed.family !== cidr.family) return false;
  const bits = cidr.family === 4 ? 32 : 128;
  const mask = cidr.prefix === 0 ? 0n : ((1n << BigInt(cidr.prefix)) - 1n) << BigInt(bits - cidr.prefix);
  return (parsed.value & mask) === cidr.network;
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
