import type { Region, WorkspaceEndpoints } from "./workspace-types.js";

/** The DashScope base URLs (SDK `base_http_api_url`) of a workspace, so callers never assemble them. */
export function workspaceEndpoints(workspaceId: string, region: Region): WorkspaceEndpoints {
  const shared = new URL(region.sharedOrigin);
  const port = shared.port ? `:${shared.port}` : "";
  return {
    sharedBaseUrl: `${shared.origin}/api/v1`,
    dedicatedBaseUrl: `${shared.protocol}//${dedicatedHostname(workspaceId, region)}${port}/api/v1`,
  };
}

export function dedicatedHostname(workspaceId: string, region: Region): string {
  return `${workspaceId}.${region.id}.${region.apiDomain}`;
}

/**
 * Reads a request's Host header as a workspace-dedicated host of one of the regions.
 * Returns null for any other host (the shared host, an IP address, a proxy name).
 */
export function parseDedicatedHost(host: string, regions: readonly Region[]): { workspaceId: string; region: Region } | null {
  const hostname = host.replace(/:\d+$/, "").toLowerCase();
  for (const region of regions) {
    const suffix = `.${region.id}.${region.apiDomain}`.toLowerCase();
    if (!hostname.endsWith(suffix)) continue;
    const label = hostname.slice(0, -suffix.length);
    if (label.length > 0 && !label.includes(".")) return { workspaceId: label, region };
  }
  return null;
}

/** Which region a shared host belongs to (matched on hostname and port). */
export function regionOfSharedHost(host: string, regions: readonly Region[]): Region | null {
  const wanted = host.toLowerCase();
  for (const region of regions) {
    if (new URL(region.sharedOrigin).host.toLowerCase() === wanted) return region;
  }
  return null;
}
