import { Apps, errorResponses, Ok, PageQuery, pageOf } from "@appstudio/contracts";
import { type AppConfig, createApp, deleteApp, getApp, getAppVersion, listApps, listAppVersions, publishApp, rollbackApp, updateApp } from "@appstudio/core";
import { Type } from "typebox";
import type { Container } from "../../../container.js";
import type { TypedApp } from "./types.js";
import { appDetail, appSummary } from "./views.js";

const AppParam = Type.Object({ app: Type.String({ minLength: 1, maxLength: 100, description: "App ID, or the app's name together with ?workspaceId=" }) });
const AppLookupQuery = Type.Object({ workspaceId: Type.Optional(Type.String({ maxLength: 64 })) }, { additionalProperties: false });
const VersionParam = Type.Object({ app: Type.String({ minLength: 1, maxLength: 100 }), version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
const ListQuery = Type.Object(
  {
    ...PageQuery,
    workspaceId: Type.Optional(Type.String({ maxLength: 64 })),
    type: Type.Optional(Apps.AppType),
    name: Type.Optional(Type.String({ maxLength: 100, description: "Substring match, case-insensitive" })),
  },
  { additionalProperties: false },
);

export function appRoutes(app: TypedApp, container: Container) {
  const deps = container.core;
  const tags = ["Apps"];

  app.get(
    "/apps",
    {
      schema: { tags, summary: "List apps (filter by workspace, type, name)", querystring: ListQuery, response: { 200: pageOf(Apps.App), ...errorResponses } },
    },
    async (request) => {
      const q = request.query;
      const page = await listApps(deps, request.principal, {
        limit: q.limit ?? 20,
        offset: q.offset ?? 0,
        ...(q.workspaceId ? { workspaceId: q.workspaceId } : {}),
        ...(q.type ? { type: q.type } : {}),
        ...(q.name ? { name: q.name } : {}),
      });
      return { ...page, items: page.items.map(appSummary) };
    },
  );

  app.post(
    "/apps",
    { schema: { tags, summary: "Create an agent or workflow app", body: Apps.CreateAppBody, response: { 201: Apps.AppDetail, ...errorResponses } } },
    async (request, reply) => {
      const { config, ...rest } = request.body;
      const created = await createApp(deps, request.principal, { ...rest, ...(config ? { config: config as AppConfig } : {}) });
      reply.status(201);
      return appDetail(created);
    },
  );

  app.get(
    "/apps/:app",
    {
      schema: {
        tags,
        summary: "Get an app (by App ID, or by name with ?workspaceId=)",
        params: AppParam,
        querystring: AppLookupQuery,
        response: { 200: Apps.AppDetail, ...errorResponses },
      },
    },
    async (request) => appDetail(await getApp(deps, request.principal, request.params.app, request.query.workspaceId)),
  );

  app.patch(
    "/apps/:app",
    {
      schema: {
        tags,
        summary: "Rename, describe, or save the draft configuration",
        params: AppParam,
        querystring: AppLookupQuery,
        body: Apps.UpdateAppBody,
        response: { 200: Apps.AppDetail, ...errorResponses },
      },
    },
    async (request) => {
      const target = await getApp(deps, request.principal, request.params.app, request.query.workspaceId);
      const { config, ...rest } = request.body;
      return appDetail(await updateApp(deps, request.principal, target.id, { ...rest, ...(config ? { config: config as AppConfig } : {}) }));
    },
  );

  app.delete(
    "/apps/:app",
    { schema: { tags, summary: "Delete an app and its versions", params: AppParam, querystring: AppLookupQuery, response: { 200: Ok, ...errorResponses } } },
    async (request) => {
      const target = await getApp(deps, request.principal, request.params.app, request.query.workspaceId);
      await deleteApp(deps, request.principal, target.id);
      return { ok: true as const };
    },
  );

  app.post(
    "/apps/:app/publish",
    {
      schema: {
        tags,
        summary: "Publish the draft as the next version (body optional)",
        "x-body-optional": true,
        params: AppParam,
        querystring: AppLookupQuery,
        body: Apps.PublishBody,
        response: { 200: Apps.AppDetail, ...errorResponses },
      },
      // `curl -X POST .../publish` with no body is a natural call; treat it as an empty note.
      preValidation: async (request) => {
        if (request.body === undefined) request.body = {};
      },
    },
    async (request) => {
      const target = await getApp(deps, request.principal, request.params.app, request.query.workspaceId);
      return appDetail(await publishApp(deps, request.principal, target.id, request.body?.note ?? ""));
    },
  );

  app.get(
    "/apps/:app/versions",
    {
      schema: {
        tags,
        summary: "Published versions, newest first",
        params: AppParam,
        querystring: AppLookupQuery,
        response: { 200: Type.Object({ items: Type.Array(Apps.AppVersion) }), ...errorResponses },
      },
    },
    async (request) => {
      const target = await getApp(deps, request.principal, request.params.app, request.query.workspaceId);
      return { items: await listAppVersions(deps, request.principal, target.id) };
    },
  );

  app.get(
    "/apps/:app/versions/:version",
    {
      schema: {
        tags,
        summary: "One published version",
        params: VersionParam,
        querystring: AppLookupQuery,
        response: { 200: Apps.AppVersion, ...errorResponses },
      },
    },
    async (request) => {
      const target = await getApp(deps, request.principal, request.params.app, request.query.workspaceId);
      return getAppVersion(deps, request.principal, target.id, request.params.version);
    },
  );

  app.post(
    "/apps/:app/rollback",
    {
      schema: {
        tags,
        summary: "Copy a version into the draft and publish it",
        params: AppParam,
        querystring: AppLookupQuery,
        body: Apps.RollbackBody,
        response: { 200: Apps.AppDetail, ...errorResponses },
      },
    },
    async (request) => {
      const target = await getApp(deps, request.principal, request.params.app, request.query.workspaceId);
      return appDetail(await rollbackApp(deps, request.principal, target.id, request.body.version));
    },
  );
}
