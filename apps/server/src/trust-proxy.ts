import { cidrContains, parseCidr } from "@appstudio/core";

/**
 * Which proxies may tell the client's address (`X-Forwarded-For`) and the original host and
 * scheme (`X-Forwarded-Host`, `-Proto`): none, the proxies at these addresses or blocks, or the
 * nearest N hops whatever their address.
 */
export type TrustProxySetting = false | number | string[];

/** Names for common blocks, as Express and Fastify's proxy-addr spell them. */
const NAMED_BLOCKS: Record<string, string[]> = {
  loopback: ["127.0.0.0/8", "::1/128"],
  linklocal: ["169.254.0.0/16", "fe80::/10"],
  uniquelocal: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
};

const USE_INSTEAD = "set the addresses of your proxies (e.g. 127.0.0.1,10.0.0.0/8) or the number of proxies in front of the server (e.g. 1)";

/**
 * Reads `APPSTUDIO_TRUST_PROXY`: `false` (default), a comma-separated list (or JSON array) of
 * addresses, CIDR blocks and the names loopback/linklocal/uniquelocal, or a hop count. `true`
 * is refused: it trusts every client to write its own address.
 */
export function parseTrustProxy(value: unknown, problems: string[]): TrustProxySetting {
  const where = "trustProxy (APPSTUDIO_TRUST_PROXY)";
  if (value === undefined || value === false) return false;
  const text = Array.isArray(value) ? value.map(String).join(",") : String(value).trim();
  if (["", "false", "0", "no"].includes(text.toLowerCase())) return false;
  if (["true", "yes"].includes(text.toLowerCase())) {
    problems.push(`${where}: '${text}' would trust any client to choose its own address through X-Forwarded-For; ${USE_INSTEAD}`);
    return false;
  }
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops <= 100) return hops;
    problems.push(`${where}: a hop count is a whole number from 1 to 100, got '${text}'`);
    return false;
  }
  const entries = text.split(",").map((entry) => entry.trim());
  const bad = entries.filter((entry) => !(entry in NAMED_BLOCKS) && parseCidr(entry) === null);
  if (bad.length === 0) return entries;
  problems.push(`${where}: not an address, CIDR block, loopback, linklocal or uniquelocal: ${bad.map((b) => `'${b}'`).join(", ")}; ${USE_INSTEAD}`);
  return false;
}

/**
 * The setting as Fastify's `trustProxy` function: `(address, hop)` is true when the hop at that
 * address may be believed about the one before it. Fastify then takes the nearest address that
 * is not trusted as the client. Blocks match every spelling of an address (`::ffff:10.0.0.1`
 * is in `10.0.0.0/8`), with the same parsing as API-key allowlists.
 */
export function trustProxyFunction(setting: TrustProxySetting): false | ((address: string, hop: number) => boolean) {
  if (setting === false) return false;
  if (typeof setting === "number") {
    const hops = setting;
    // Safe only when nothing but those proxies can reach the server: a direct client could add hops.
    return (_address, hop) => hop < hops;
  }
  // Entries were checked by parseTrustProxy; anything unparsable would simply trust nothing.
  const blocks = setting.flatMap((entry) => NAMED_BLOCKS[entry] ?? [entry]).flatMap((block) => parseCidr(block) ?? []);
  return (address) => blocks.some((block) => cidrContains(block, address));
}
