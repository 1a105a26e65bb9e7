import { Audit, errorResponses, pageOf } from "@appstudio/contracts";
import { listAuditEvents } from "@appstudio/core";
import type { Container } from "../../../container.js";
import type { TypedApp } from "./types.js";

export function auditRoutes(app: TypedApp, container: Container) {
  app.get(
    "/audit-events",
    {
      schema: {
        tags: ["Audit log"],
        summary: "Who changed what, when and from where",
        querystring: Audit.AuditQuery,
        response: { 200: pageOf(Audit.AuditEvent), ...errorResponses },
      },
    },
    async (request) => {
      const { limit, offset, ...filters } = request.query;
      return listAuditEvents(container.core, request.principal, { limit: limit ?? 50, offset: offset ?? 0, ...filters });
    },
  );
}
