import { errorResponses, IdParam, McpServices, Ok, pageOf } from "@appstudio/contracts";
import { createMcpService, deleteMcpService, getMcpService, listMcpServices, listMcpServiceTools, updateMcpService } from "@appstudio/core";
import type { Container } from "../../../container.js";
import type { TypedApp } from "./types.js";

/** MCP services of a workspace (docs/mcp.md): remote MCP servers agents and workflows call. Header values never leave. */
export function mcpServiceRoutes(app: TypedApp, container: Container) {
  const deps = container.mcp;
  const tags = ["MCP services"];

  app.get(
    "/mcp-services",
    {
      schema: {
        tags,
        summary: "List the MCP services of a workspace (?workspaceId= required)",
        querystring: McpServices.McpServiceListQuery,
        response: { 200: pageOf(McpServices.McpService), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      return listMcpServices(deps, request.principal, {
        limit: q.limit ?? 20,
        offset: q.offset ?? 0,
        ...(q.workspaceId ? { workspaceId: q.workspaceId } : {}),
      });
    },
  );

  app.post(
    "/mcp-services",
    {
      schema: {
        tags,
        summary: "Add an MCP service to a workspace (header values stored encrypted, never returned)",
        body: McpServices.CreateMcpServiceBody,
        response: { 201: McpServices.McpService, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await createMcpService(deps, request.principal, request.body);
      reply.status(201);
      return created;
    },
  );

  app.get(
    "/mcp-services/:id",
    {
      schema: {
        tags,
        summary: "Get an MCP service (by ID, or by name with ?workspaceId=)",
        params: IdParam,
        querystring: McpServices.McpServiceLookupQuery,
        response: { 200: McpServices.McpService, ...errorResponses },
      },
    },
    async (request) => getMcpService(deps, request.principal, request.params.id, request.query.workspaceId),
  );

  app.patch(
    "/mcp-services/:id",
    {
      schema: {
        tags,
        summary: "Change an MCP service; headers, when given, replace every stored header",
        params: IdParam,
        querystring: McpServices.McpServiceLookupQuery,
        body: McpServices.UpdateMcpServiceBody,
        response: { 200: McpServices.McpService, ...errorResponses },
      },
    },
    async (request) => {
      const found = await getMcpService(deps, request.principal, request.params.id, request.query.workspaceId);
      return updateMcpService(deps, request.principal, found.id, request.body);
    },
  );

  app.delete(
    "/mcp-services/:id",
    {
      schema: {
        tags,
        summary: "Delete an MCP service (apps that attach it skip it from then on)",
        params: IdParam,
        querystring: McpServices.McpServiceLookupQuery,
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (request) => {
      const found = await getMcpService(deps, request.principal, request.params.id, request.query.workspaceId);
      await deleteMcpService(deps, request.principal, found.id);
      return { ok: true as const };
    },
  );

  app.get(
    "/mcp-services/:id/tools",
    {
      schema: {
        tags,
        summary: "Connect now and list the server's tools (a connection test; failures are reported in the body)",
        params: IdParam,
        querystring: McpServices.McpServiceLookupQuery,
        response: { 200: McpServices.McpToolListing, ...errorResponses },
      },
    },
    async (request) => {
      const found = await getMcpService(deps, request.principal, request.params.id, request.query.workspaceId);
      return listMcpServiceTools(deps, request.principal, found.id);
    },
  );
}
