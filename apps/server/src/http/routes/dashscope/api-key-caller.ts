import { type ApiCaller, authenticateApiKey, parseDedicatedHost, regionOfSharedHost } from "@appstudio/core";
import type { FastifyRequest } from "fastify";
import type { Container } from "../../../container.js";

declare module "fastify" {
  interface FastifyRequest {
    apiCaller: ApiCaller;
  }
}

/** onRequest hook: authenticates the `sk-` key before the body is even parsed, as DashScope does. */
export function apiKeyAuthHook(container: Container) {
  return async (request: FastifyRequest) => {
    const host = request.headers.host ?? "";
    const regions = container.config.regions;
    const dedicated = parseDedicatedHost(host, regions);
    request.apiCaller = await authenticateApiKey(
      { apiKeys: container.core.repos.apiKeys, clock: container.core.clock },
      {
        authorization: request.headers.authorization,
        hostWorkspaceId: dedicated?.workspaceId ?? null,
        hostRegion: dedicated?.region ?? regionOfSharedHost(host, regions),
        workspaceHeader: headerValue(request.headers["x-dashscope-workspace"]),
        ip: request.ip,
      },
    );
  };
}

const headerValue = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
