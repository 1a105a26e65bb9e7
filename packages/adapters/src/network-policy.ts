import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP } from "node:net";
import { isPublicAddress } from "@appstudio/core";

/**
 * Where outbound calls made on behalf of apps (HTTP tools, workflow HTTP nodes) may go.
 * `public`: only public internet addresses, so an app author cannot reach the server's own
 * network: loopback, private ranges, link-local (cloud metadata at 169.254.169.254), CGNAT,
 * unique-local IPv6 and every other special range, in any spelling (see `isPublicAddress`).
 * `any`: no restriction, for deployments whose tools are internal services.
 */
export type OutboundNetwork = "public" | "any";

export class BlockedAddressError extends Error {
  constructor(host: string, address: string) {
    super(`blocked: ${host} resolves to ${address}, which is not a public address (outbound network policy 'public')`);
    this.name = "BlockedAddressError";
  }
}

/**
 * Checks a URL's host when it is a literal IP (no lookup happens for those). The URL parser has
 * already turned legacy IPv4 spellings (`2130706433`, `0x7f.1`, `127.1`, `127.0.0.1.`) into dotted
 * quads and lowercased IPv6, so what is left is a standard address or a name for the lookup.
 */
export function checkLiteralHost(url: URL, network: OutboundNetwork): void {
  if (network === "any") return;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  // Whatever node:net takes for an IP is connected to without a lookup, so it is judged here.
  if (isIP(host) !== 0 && !isPublicAddress(host)) throw new BlockedAddressError(host, host);
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
