import type { FastifyDynamicSwaggerOptions } from "@fastify/swagger";
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
