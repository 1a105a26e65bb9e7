import { isIP } from "node:net";
import type { Region } from "./workspace-types.js";

/**
 * The hostname a Host header names, in the one form every comparison uses: lowercase, without a
 * trailing dot, without brackets around IPv6, without the port. The port never picks a region
 * (one process answers on every port it is reached on), so `host`, `host:80` and `host.:8080`
 * all name the same host. Null for anything that is not a host name or IP address.
 */
export function hostnameOf(hostHeader: string): string | null {
  const match = /^(\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9.-]+)(?::(\d{0,5}))?$/.exec(hostHeader);
  if (!match) return null;
  const [, rawHost = "", port] = match;
  if (port && Number(port) > 65535) return null;
  if (rawHost.startsWith("[")) {
    const v6 = rawHost.slice(1, -1).toLowerCase();
    return isIP(v6) === 6 ? v6 : null;
  }
  const hostname = rawHost.toLowerCase().replace(/\.$/, "");
  const labels = hostname.split(".");
  // Empty labels (`a..b`, `.a`, a second trailing dot) and labels at a hyphen's edge are not DNS names.
  if (labels.some((label) => label === "" || label.length > 63 || label.startsWith("-") || label.endsWith("-"))) return null;
  return hostname;
}

/** Where an app API call arrived: the region of its host, and the workspace when the host is dedicated. */
export interface HostRoute {
  region: Region;
  /** The workspace a dedicated host `{workspaceId}.{region}.{apiDomain}` names; null on a shared host. */
  workspaceId: string | null;
}

/**
 * Reads a request's Host header as a host of one of the regions: a region's shared host, else a
 * workspace-dedicated host `{workspaceId}.{regionId}.{apiDomain}`, else — for an IP address or
 * `localhost`, how a server is reached from its own machine or by address — the first region's
 * shared host. Any other host addresses no region: null, and the caller must refuse the call, so
 * a key can never skip the region or dedicated-host rule by spelling a host differently.
 */
export function resolveHost(hostHeader: string, regions: readonly Region[]): HostRoute | null {
  const hostname = hostnameOf(hostHeader);
  if (hostname === null) return null;
  const shared = regions.find((region) => sharedHostnameOf(region) === hostname);
  if (shared) return { region: shared, workspaceId: null };
  for (const region of regions) {
    const suffix = `.${region.id}.${hostnameOf(region.apiDomain) ?? region.apiDomain.toLowerCase()}`;
    if (!hostname.endsWith(suffix)) continue;
    const label = hostname.slice(0, -suffix.length);
    if (label.length > 0 && !label.includes(".")) return { region, workspaceId: label };
  }
  const first = regions[0];
  if (first && (hostname === "localhost" || isIP(hostname) !== 0)) return { region: first, workspaceId: null };
  return null;
}

/** Regions are fixed for a process's life; every app call reads their hostnames (a URL parse each). */
const sharedHostnames = new WeakMap<Region, string>();

/** The hostname of a region's shared origin, normalised like a Host header. */
export function sharedHostnameOf(region: Region): string {
  let known = sharedHostnames.get(region);
  if (known === undefined) {
    const hostname = new URL(region.sharedOrigin).hostname;
    known = hostnameOf(hostname) ?? hostname.toLowerCase();
    sharedHostnames.set(region, known);
  }
  return known;
}
