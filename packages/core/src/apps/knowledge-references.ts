import type { FieldProblem } from "../errors.js";
import type { KnowledgeBaseRepository } from "../ports/repositories.js";
import type { AgentConfig, AppConfig, AppType, WorkflowGraph } from "./app-types.js";

/** Where a configuration names a knowledge base: agent knowledge settings and Knowledge Retrieval nodes (Iteration bodies included). */
function knowledgeReferences(type: AppType, config: AppConfig): { field: string; id: string }[] {
  if (type === "agent") {
    return ((config as AgentConfig).knowledge?.knowledgeBaseIds ?? []).map((id, i) => ({ field: `config.knowledge.knowledgeBaseIds[${i}]`, id }));
  }
  const refs: { field: string; id: string }[] = [];
  const walk = (graph: WorkflowGraph, prefix: string) => {
    graph.nodes?.forEach((node, n) => {
      const at = `${prefix}nodes[${n}].config`;
      const ids = node.config?.knowledgeBaseIds;
      if (node.type === "KnowledgeRetrieval" && Array.isArray(ids)) {
        ids.forEach((id, i) => {
          if (typeof id === "string") refs.push({ field: `${at}.knowledgeBaseIds[${i}]`, id });
        });
      }
      const body = node.config?.body as WorkflowGraph | undefined;
      if (node.type === "Iteration" && body && Array.isArray(body.nodes)) walk(body, `${at}.body.`);
    });
  };
  walk(config as WorkflowGraph, "config.");
  return refs;
}

/**
 * Knowledge bases a configuration names that are not in the app's workspace (missing, or
 * another workspace's: both read the same, so IDs cannot be probed by saving an app).
 */
export async function knowledgeReferenceProblems(
  knowledgeBases: Pick<KnowledgeBaseRepository, "find">,
  workspaceId: string,
  type: AppType,
  config: AppConfig,
): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  for (const ref of knowledgeReferences(type, config)) {
    if (!(await knowledgeBases.find(workspaceId, ref.id))) problems.push({ field: ref.field, message: `no knowledge base '${ref.id}' in this workspace` });
  }
  return problems;
}
