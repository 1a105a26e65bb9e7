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
