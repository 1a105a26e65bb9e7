import { type ApiCaller, authenticateApiKey, resolveHost } from "@appstudio/core";
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
    // `request.host` is the Host header, or X-Forwarded-Host when a trusted proxy sent the request.
    const route = resolveHost(request.host, container.config.regions);
    request.apiCaller = await authenticateApiKey(
      {
        apiKeys: container.core.repos.apiKeys,
        clock: container.core.clock,
        // A refused call is logged under the key's workspace when the key was found.
        onKeyFound: ({ key, workspace }) => (request.presentedKey = { id: key.id, prefix: key.prefix, workspaceId: workspace.id }),
      },
      {
        authorization: request.headers.authorization,
        hostWorkspaceId: route?.workspaceId ?? null,
        hostRegion: route?.region ?? null,
        workspaceHeader: headerValue(request.headers["x-dashscope-workspace"]),
        ip: request.ip,
      },
    );
  };
}

const headerValue = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
