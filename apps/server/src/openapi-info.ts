import type { FastifyDynamicSwaggerOptions, SwaggerTransformObject } from "@fastify/swagger";
import type { ServerConfig } from "./config.js";

/** The OpenAPI header. Server URLs are left out so the committed document does not depend on the machine. */
export function openApiInfo(_config: ServerConfig): FastifyDynamicSwaggerOptions["openapi"] {
  return {
    openapi: "3.1.0",
    info: {
      title: "appstudio API",
      version: "1.0.0",
      description:
        "Management API (`/manage/v1`: workspaces, members, users, apps, API keys, audit log) and the DashScope-compatible app API (`/api/v1`). " +
        "Errors always have the body `{code, message, request_id, details?}`.",
    },
    components: {
      securitySchemes: {
        accessToken: { type: "http", scheme: "bearer", description: "Personal access token (ast_...) for the management API" },
        apiKey: { type: "http", scheme: "bearer", description: "Workspace API key (sk-...) for the app API" },
        session: { type: "apiKey", in: "cookie", name: "appstudio_session" },
      },
    },
    security: [{ accessToken: [] }, { session: [] }],
  };
}

/**
 * Routes that accept a missing body declare `"x-body-optional": true` in their schema; the
 * swagger plugin would otherwise document every body as required. Routes that stream a
 * multipart form declare its fields in `"x-multipart-form"`.
 */
export const markOptionalBodies: SwaggerTransformObject = (document) => {
  if (!("openapiObject" in document)) return document.swaggerObject;
  const openapiObject = document.openapiObject;
  for (const item of Object.values(openapiObject.paths ?? {}) as Record<string, any>[]) {
    for (const operation of Object.values(item)) {
      if (operation?.["x-body-optional"] && operation.requestBody) {
        operation.requestBody.required = false;
        delete operation["x-body-optional"];
      }
      // A streamed multipart form is read part by part, not validated as a body: its schema is documentation only.
      if (operation?.["x-multipart-form"]) {
        operation.requestBody = { required: true, content: { "multipart/form-data": { schema: JSON.parse(JSON.stringify(operation["x-multipart-form"])) } } };
        delete operation["x-multipart-form"];
      }
    }
  }
  return openapiObject;
};
