import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP } from "node:net";
import { cidrContains, parseCidr } from "@appstudio/core";

/**
 * Where outbound calls made on behalf of apps (HTTP tools, workflow HTTP nodes) may go.
 * `public`: only public internet addresses, so an app author cannot reach the server's own
 * network: loopback, private ranges, link-local (cloud metadata at 169.254.169.254), CGNAT,
 * unique-local IPv6. `any`: no restriction, for deployments whose tools are internal services.
 */
export type OutboundNetwork = "public" | "any";

const NON_PUBLIC = [
  "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
  "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4",
  "::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8",
].map((block) => parseCidr(block)!);

export function isPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const plain = mapped ? mapped[1]! : address;
  return !NON_PUBLIC.some((block) => cidrContains(block, plain));
}

export class BlockedAddressError extends Error {
  constructor(host: string, address: string) {
    super(`blocked: ${host} resolves to ${address}, which is not a public address (outbound network policy 'public')`);
    this.name = "BlockedAddressError";
  }
}

/** Checks a URL's host when it is a literal IP (no lookup happens for those). */
export function checkLiteralHost(url: URL, network: OutboundNetwork): void {
  if (network === "any") return;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) && !isPublicAddress(host)) throw new BlockedAddressError(host, host);
}

/**
 * A `lookup` for node:http that refuses non-public answers. Checking the address the socket
 * actually connects to (not a separate earlier lookup) closes the DNS-rebinding gap.
 */
export function guardedLookup(network: OutboundNetwork) {
  if (network === "any") return undefined;
  return (hostname: string, options: object, callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const list = addresses as LookupAddress[];
      const blocked = list.find((a) => !isPublicAddress(a.address));
      if (blocked) return callback(new BlockedAddressError(hostname, blocked.address), []);
      if ((options as { all?: boolean }).all) return callback(null, list);
      const first = list[0]!;
      callback(null, first.address, first.family);
    });
  };
}
