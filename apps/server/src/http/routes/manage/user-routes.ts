import { Accounts, errorResponses, IdParam, Ok, PageQuery, pageOf } from "@appstudio/contracts";
import { createUser, deleteUser, getUser, listUsers, policies, updateUser } from "@appstudio/core";
import { Type } from "typebox";
import type { Container } from "../../../container.js";
import type { TypedApp } from "./types.js";

export function userRoutes(app: TypedApp, container: Container) {
  const deps = container.core;
  const tags = ["Users and policies"];

  app.get(
    "/policies",
    {
      schema: {
        tags,
        summary: "The account policies that can be attached to users",
        response: { 200: Type.Object({ items: Type.Array(Type.Object({ name: Accounts.Policy, description: Type.String() })) }) },
      },
    },
    async () => ({
      items: policies.map((name) => ({ name, description: POLICY_DESCRIPTIONS[name] })),
    }),
  );

  app.get(
    "/users",
    {
      schema: {
        tags,
        summary: "List users",
        querystring: Type.Object({ ...PageQuery, search: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false }),
        response: { 200: pageOf(Accounts.User), ...errorResponses },
      },
    },
    async (request) =>
      listUsers(deps, request.principal, {
        limit: request.query.limit ?? 20,
        offset: request.query.offset ?? 0,
        ...(request.query.search ? { search: request.query.search } : {}),
      }),
  );

  app.post(
    "/users",
    { schema: { tags, summary: "Create a sub-account", body: Accounts.CreateUserBody, response: { 201: Accounts.User, ...errorResponses } } },
    async (request, reply) => {
      reply.status(201);
      return createUser(deps, request.principal, request.body);
    },
  );

  app.get("/users/:id", { schema: { tags, summary: "Get a user", params: IdParam, response: { 200: Accounts.User, ...errorResponses } } }, async (request) =>
    getUser(deps, request.principal, request.params.id),
  );

  app.patch(
    "/users/:id",
    {
      schema: {
        tags,
        summary: "Rename, disable/enable, reset the password or set the policies of a user",
        params: IdParam,
        body: Accounts.UpdateUserBody,
        response: { 200: Accounts.User, ...errorResponses },
      },
    },
    async (request) => updateUser(deps, request.principal, request.params.id, request.body),
  );

  app.delete(
    "/users/:id",
    { schema: { tags, summary: "Delete a sub-account", params: IdParam, response: { 200: Ok, ...errorResponses } } },
    async (request) => {
      await deleteUser(deps, request.principal, request.params.id);
      return { ok: true as const };
    },
  );
}

const POLICY_DESCRIPTIONS = {
  FullAccess: "Super administrator: everything, in every workspace.",
  ControlFullAccess: "Manage workspaces, members, users and API keys; read apps but not change them.",
  ReadOnlyAccess: "Read what the user's workspaces hold; change nothing, whatever the workspace role.",
} as const;
