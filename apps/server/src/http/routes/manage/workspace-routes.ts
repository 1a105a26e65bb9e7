import { errorResponses, Ok, PageQuery, pageOf, Workspaces } from "@appstudio/contracts";
import {
  createWorkspace,
  deleteWorkspace,
  getWorkspace,
  listAllWorkspaces,
  listMembers,
  listVisibleWorkspaces,
  removeMember,
  renameWorkspace,
  setMember,
} from "@appstudio/core";
import { Type } from "typebox";
import type { Container } from "../../../container.js";
import type { TypedApp } from "./types.js";

const WsParam = Type.Object({ workspaceId: Type.String({ minLength: 1, maxLength: 64 }) });
const MemberParam = Type.Object({ workspaceId: Type.String({ minLength: 1, maxLength: 64 }), userId: Type.String({ minLength: 1, maxLength: 64 }) });
const ListQuery = Type.Object(
  {
    ...PageQuery,
    region: Type.Optional(Type.String({ maxLength: 64 })),
    name: Type.Optional(Type.String({ maxLength: 64 })),
    all: Type.Optional(Type.Boolean({ description: "Workspace Management view: every workspace (FullAccess or ControlFullAccess)" })),
  },
  { additionalProperties: false },
);

export function workspaceRoutes(app: TypedApp, container: Container) {
  const deps = container.core;
  const tags = ["Workspaces"];

  app.get(
    "/regions",
    { schema: { tags, summary: "Configured regions", response: { 200: Type.Object({ items: Type.Array(Workspaces.Region) }) } } },
    async () => ({
      items: container.config.regions.map((r) => ({ id: r.id, name: r.name, sharedBaseUrl: `${new URL(r.sharedOrigin).origin}/api/v1` })),
    }),
  );

  app.get(
    "/workspaces",
    {
      schema: {
        tags,
        summary: "Workspaces you have joined (all=true: every workspace, for Workspace Management)",
        querystring: ListQuery,
        response: { 200: pageOf(Workspaces.Workspace), ...errorResponses },
      },
    },
    async (request) => {
      const { all, ...q } = request.query;
      const query = { limit: q.limit ?? 20, offset: q.offset ?? 0, ...(q.region ? { region: q.region } : {}), ...(q.name ? { name: q.name } : {}) };
      return all ? listAllWorkspaces(deps, request.principal, query) : listVisibleWorkspaces(deps, request.principal, query);
    },
  );

  app.post(
    "/workspaces",
    { schema: { tags, summary: "Create a sub-workspace", body: Workspaces.CreateWorkspaceBody, response: { 201: Workspaces.Workspace, ...errorResponses } } },
    async (request, reply) => {
      reply.status(201);
      return createWorkspace(deps, request.principal, request.body);
    },
  );

  app.get(
    "/workspaces/:workspaceId",
    { schema: { tags, summary: "Get a workspace with its API base URLs", params: WsParam, response: { 200: Workspaces.Workspace, ...errorResponses } } },
    async (request) => getWorkspace(deps, request.principal, request.params.workspaceId),
  );

  app.patch(
    "/workspaces/:workspaceId",
    {
      schema: {
        tags,
        summary: "Rename a workspace",
        params: WsParam,
        body: Workspaces.RenameWorkspaceBody,
        response: { 200: Workspaces.Workspace, ...errorResponses },
      },
    },
    async (request) => renameWorkspace(deps, request.principal, request.params.workspaceId, request.body.name),
  );

  app.delete(
    "/workspaces/:workspaceId",
    { schema: { tags, summary: "Delete an empty sub-workspace", params: WsParam, response: { 200: Ok, ...errorResponses } } },
    async (request) => {
      await deleteWorkspace(deps, request.principal, request.params.workspaceId);
      return { ok: true as const };
    },
  );

  app.get(
    "/workspaces/:workspaceId/members",
    {
      schema: {
        tags,
        summary: "Members and their roles",
        params: WsParam,
        response: { 200: Type.Object({ items: Type.Array(Workspaces.Member) }), ...errorResponses },
      },
    },
    async (request) => ({
      items: await listMembers(deps, request.principal, request.params.workspaceId),
    }),
  );

  app.post(
    "/workspaces/:workspaceId/members",
    {
      schema: {
        tags,
        summary: "Add a user to the workspace (or change their role)",
        params: WsParam,
        body: Workspaces.SetMemberBody,
        response: { 200: Workspaces.Member, ...errorResponses },
      },
    },
    async (request) => setMember(deps, request.principal, request.params.workspaceId, request.body),
  );

  app.patch(
    "/workspaces/:workspaceId/members/:userId",
    {
      schema: {
        tags,
        summary: "Change a member's role",
        params: MemberParam,
        body: Workspaces.SetRoleBody,
        response: { 200: Workspaces.Member, ...errorResponses },
      },
    },
    async (request) => setMember(deps, request.principal, request.params.workspaceId, { userId: request.params.userId, role: request.body.role }),
  );

  app.delete(
    "/workspaces/:workspaceId/members/:userId",
    { schema: { tags, summary: "Remove a member", params: MemberParam, response: { 200: Ok, ...errorResponses } } },
    async (request) => {
      await removeMember(deps, request.principal, request.params.workspaceId, request.params.userId);
      return { ok: true as const };
    },
  );
}
