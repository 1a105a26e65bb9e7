import type { FieldProblem } from "../errors.js";
import type { McpServiceRepository } from "../ports/repositories.js";
import type { AgentConfig, AppConfig, AppType, WorkflowGraph } from "./app-types.js";

/** Where a configuration names an MCP service: agent attachments and MCP nodes (Iteration bodies included). */
function mcpReferences(type: AppType, config: AppConfig): { field: string; id: string }[] {
  if (type === "agent") {
    return ((config as AgentConfig).mcpServices ?? []).map((a, i) => ({ field: `config.mcpServices[${i}].serviceId`, id: a.serviceId }));
  }
  const refs: { field: string; id: string }[] = [];
  const walk = (graph: WorkflowGraph, prefix: string) => {
    graph.nodes?.forEach((node, n) => {
      const at = `${prefix}nodes[${n}].config`;
      const id = node.config?.serviceId;
      if (node.type === "MCP" && typeof id === "string" && id !== "") refs.push({ field: `${at}.serviceId`, id });
      const body = node.config?.body as WorkflowGraph | undefined;
      if (node.type === "Iteration" && body && Array.isArray(body.nodes)) walk(body, `${at}.body.`);
    });
  };
  walk(config as WorkflowGraph, "config.");
  return refs;
}

/**
 * MCP services a configuration names that are not in the app's workspace (missing, or another
 * workspace's: both read the same, so IDs cannot be probed by saving an app).
 */
export async function mcpReferenceProblems(
  services: Pick<McpServiceRepository, "find">,
  workspaceId: string,
  type: AppType,
  config: AppConfig,
): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  for (const ref of mcpReferences(type, config)) {
    if (!(await services.find(workspaceId, ref.id))) problems.push({ field: ref.field, message: `no MCP service '${ref.id}' in this workspace` });
  }
  return problems;
}
