import { DashScope, ErrorBody, PageQuery } from "@appstudio/contracts";
import { Type } from "typebox";
import type { Container } from "../../../container.js";
import type { TypedApp } from "../manage/types.js";

/** `GET /api/v1/memories`: the long-term memories of the key's workspace, so `memory_id`s can be looked up with the key alone. */
export function memoryLookupRoute(app: TypedApp, container: Container) {
  app.get(
    "/memories",
    {
      schema: {
        tags: ["App API (DashScope)"],
        summary: "Long-term memories of this API key's workspace, newest first",
        security: [{ apiKey: [] }],
        querystring: Type.Object({ ...PageQuery }),
        response: { 200: Type.Object({ items: Type.Array(DashScope.KeyMemory), total: Type.Integer() }), 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      const { workspace } = request.appCaller;
      const page = await container.core.repos.memories.list({
        workspaceIds: [workspace.id],
        limit: request.query.limit ?? 20,
        offset: request.query.offset ?? 0,
      });
      return {
        total: page.total,
        items: page.items.map((m) => ({
          memory_id: m.id,
          description: m.description,
          workspace_id: m.workspaceId,
          node_count: m.nodeCount,
          created_at: m.createdAt,
          updated_at: m.updatedAt,
        })),
      };
    },
  );
}
