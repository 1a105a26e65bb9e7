import { type AppCaller, authorizeAppCall, type CalledApp, resolveHost } from "@appstudio/core";
import type { FastifyRequest } from "fastify";
import type { Container } from "../../../container.js";

declare module "fastify" {
  interface FastifyRequest {
    /** Who calls, decided by `authorizeAppCall` before the body is read; `called` is set on routes that name an app. */
    appCaller: AppCaller & { called: CalledApp | null };
  }
}

/**
 * onRequest hook: decides who may call what before the body is even parsed, as DashScope does.
 * Routes with an `:appId` get the app decided too, so a route only reads the decision.
 */
export function appCallerHook(container: Container) {
  return async (request: FastifyRequest) => {
    const appId = (request.params as { appId?: unknown } | undefined)?.appId;
    request.appCaller = await authorizeAppCall(
      {
        apiKeys: container.appCallLookups,
        apps: container.appCallLookups,
        workspaces: container.core.repos.workspaces,
        clock: container.core.clock,
        // A refused call is logged under the key's workspace when the key was found.
        onKeyFound: ({ key, workspace }) => (request.presentedKey = { id: key.id, prefix: key.prefix, workspaceId: workspace.id }),
      },
      {
        authorization: request.headers.authorization,
        // `request.host` is the Host header, or X-Forwarded-Host when a trusted proxy sent the request.
        host: resolveHost(request.host, container.config.regions),
        workspaceHeader: headerValue(request.headers["x-dashscope-workspace"]),
        clientIp: request.ip,
        ...(typeof appId === "string" ? { appId } : {}),
      },
    );
  };
}

/** The app a route with an `:appId` calls, as the hook decided it. */
export function calledAppOf(request: FastifyRequest): CalledApp {
  const { called } = request.appCaller;
  if (!called) throw new Error("this route names no app: the caller hook decided none");
  return called;
}

const headerValue = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
