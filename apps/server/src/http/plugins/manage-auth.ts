import { authenticateAccessToken, authenticateConsoleSession, type Principal } from "@appstudio/core";
import type {} from "@fastify/cookie";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Container } from "../../container.js";
import { allowedOriginSet, assertSameOrigin } from "./same-origin-check.js";

export const SESSION_COOKIE = "appstudio_session";

declare module "fastify" {
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyContextConfig {
    /** Routes reachable without signing in (sign-in itself, health, the OpenAPI document). */
    public?: boolean;
  }
}

/**
 * Resolves who is calling the management API: a personal access token in
 * `Authorization: Bearer ast_...` (CLI, scripts) or the console's session cookie.
 */
export function manageAuthHook(container: Container) {
  const allowedOrigins = allowedOriginSet(container.config.regions.map((r) => r.sharedOrigin));
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const header = request.headers.authorization;
    const bearer = header?.startsWith("Bearer ") === true;
    // Browsers attach the cookie to any site's request; a token is never sent on its own.
    // Sign-in and sign-out are checked too (login CSRF), although they are public.
    if (!bearer) assertSameOrigin(request, allowedOrigins);
    if (request.routeOptions.config.public) return;
    if (bearer) {
      request.principal = await authenticateAccessToken(container.core, (header ?? "").slice(7).trim(), request.ip);
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    request.principal = await authenticateConsoleSession(container.core, cookie ?? "", request.ip);
  };
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, secret: string, expiresAt: string): void {
  reply.setCookie(SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: "strict",
    secure: request.protocol === "https",
    path: "/",
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: "/" });
}
