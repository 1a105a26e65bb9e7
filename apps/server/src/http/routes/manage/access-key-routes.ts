import { AccessKeys, errorResponses, Ok } from "@appstudio/contracts";
import { type AccessKey, createAccessKey, deleteAccessKey, listAccessKeys, setAccessKeyDisabled } from "@appstudio/core";
import { accessKeyDeps } from "../../../access-keys/access-key-deps.js";
import type { Container } from "../../../container.js";
import type { TypedApp } from "./types.js";

/** Alibaba Cloud shows a key's state as Active / Inactive; so do we. */
const view = (key: AccessKey) => ({
  id: key.id,
  userId: key.userId,
  status: key.disabled ? ("Inactive" as const) : ("Active" as const),
  createdAt: key.createdAt,
  lastUsedAt: key.lastUsedAt,
});

/** AccessKeys for the signed OpenAPI (docs/openapi-signed.md): your own, or lower-ranked users'. */
export function accessKeyRoutes(app: TypedApp, container: Container) {
  const deps = accessKeyDeps(container);
  const tags = ["AccessKeys"];

  app.get(
    "/access-keys",
    {
      schema: {
        tags,
        summary: "List AccessKeys (never the secrets)",
        querystring: AccessKeys.AccessKeyListQuery,
        response: { 200: AccessKeys.AccessKeyList, ...errorResponses },
      },
    },
    async (request) => ({ items: (await listAccessKeys(deps, request.principal, request.query)).map(view) }),
  );

  app.post(
    "/access-keys",
    {
      schema: {
        tags,
        summary: "Create an AccessKey pair; the secret is in this response only (body optional)",
        "x-body-optional": true,
        body: AccessKeys.CreateAccessKeyBody,
        response: { 201: AccessKeys.CreatedAccessKey, ...errorResponses },
      },
      // No body: a key for yourself.
      preValidation: async (request) => {
        if (request.body === undefined) request.body = {};
      },
    },
    async (request, reply) => {
      const { key, secret } = await createAccessKey(deps, request.principal, request.body);
      reply.status(201);
      return { accessKey: view(key), secret };
    },
  );

  for (const [verb, disabled] of [
    ["disable", true],
    ["enable", false],
  ] as const) {
    app.post(
      `/access-keys/:accessKeyId/${verb}`,
      {
        schema: {
          tags,
          summary: disabled ? "Disable an AccessKey (signed calls fail with InvalidAccessKeyId.Inactive)" : "Enable a disabled AccessKey",
          params: AccessKeys.AccessKeyIdParam,
          response: { 200: AccessKeys.AccessKey, ...errorResponses },
        },
      },
      async (request) => view(await setAccessKeyDisabled(deps, request.principal, request.params.accessKeyId, disabled)),
    );
  }

  app.delete(
    "/access-keys/:accessKeyId",
    { schema: { tags, summary: "Delete an AccessKey", params: AccessKeys.AccessKeyIdParam, response: { 200: Ok, ...errorResponses } } },
    async (request) => {
      await deleteAccessKey(deps, request.principal, request.params.accessKeyId);
      return { ok: true as const };
    },
  );
}
