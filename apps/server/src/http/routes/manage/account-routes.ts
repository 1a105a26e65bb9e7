import { Accounts, errorResponses, IdParam, Ok } from "@appstudio/contracts";
import { changeOwnPassword, createAccessToken, getUser, listOwnAccessTokens, revokeAccessToken, signIn, signOut } from "@appstudio/core";
import { Type } from "typebox";
import type { Container } from "../../../container.js";
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from "../../plugins/manage-auth.js";
import type { TypedApp } from "./types.js";
import { whoAmI } from "./views.js";

export function accountRoutes(app: TypedApp, container: Container) {
  const deps = container.core;
  const tags = ["Account"];

  app.post(
    "/session",
    {
      config: { public: true },
      schema: { tags, summary: "Sign in; sets the console session cookie", body: Accounts.SignInBody, response: { 200: Accounts.WhoAmI, ...errorResponses } },
    },
    async (request, reply) => {
      const result = await signIn(deps, container.loginThrottles, { ...request.body, ip: request.ip });
      setSessionCookie(request, reply, result.sessionSecret, result.expiresAt);
      return whoAmI(result.user, result.principal);
    },
  );

  app.delete("/session", { config: { public: true }, schema: { tags, summary: "Sign out", response: { 200: Ok } } }, async (request, reply) => {
    const cookie = request.cookies[SESSION_COOKIE];
    if (cookie) await signOut(deps, cookie);
    clearSessionCookie(reply);
    return { ok: true as const };
  });

  app.get(
    "/whoami",
    { schema: { tags, summary: "The signed-in user, policies and memberships", response: { 200: Accounts.WhoAmI, ...errorResponses } } },
    async (request) => {
      const user = await getUser(deps, request.principal, request.principal.userId);
      return whoAmI(user, request.principal);
    },
  );

  app.post(
    "/account/password",
    { schema: { tags, summary: "Change your own password", body: Accounts.ChangePasswordBody, response: { 200: Ok, ...errorResponses } } },
    async (request) => {
      await changeOwnPassword(deps, request.principal, request.body, container.loginThrottles);
      return { ok: true as const };
    },
  );

  app.get(
    "/tokens",
    {
      schema: {
        tags,
        summary: "Your personal access tokens (secrets are never shown again)",
        response: { 200: Type.Object({ items: Type.Array(Accounts.AccessToken) }), ...errorResponses },
      },
    },
    async (request) => ({
      items: await listOwnAccessTokens(deps, request.principal),
    }),
  );

  app.post(
    "/tokens",
    {
      schema: {
        tags,
        summary: "Create a personal access token for the API and the CLI",
        body: Accounts.CreateTokenBody,
        response: { 201: Accounts.CreatedToken, ...errorResponses },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return createAccessToken(deps, request.principal, request.body);
    },
  );

  app.delete(
    "/tokens/:id",
    { schema: { tags, summary: "Revoke a personal access token", params: IdParam, response: { 200: Ok, ...errorResponses } } },
    async (request) => {
      await revokeAccessToken(deps, request.principal, request.params.id);
      return { ok: true as const };
    },
  );
}
