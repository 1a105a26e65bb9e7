import type { WorkflowRunRepository } from "../ports/repositories.js";
import type { WorkflowNodeRun, WorkflowRun, WorkflowRunQuery } from "../workflows/workflow-run-types.js";

/** {@link WorkflowRunRepository} in memory, for engine tests and benchmarks. */
export class InMemoryWorkflowRuns implements WorkflowRunRepository {
  readonly runs = new Map<string, WorkflowRun>();
  readonly nodeRuns = new Map<string, WorkflowNodeRun>();
  /** Every write in the order it arrived: proves runs are recorded as they happen. */
  readonly writes: { kind: "run" | "node"; id: string; status: string }[] = [];

  async saveRun(run: WorkflowRun) {
    this.runs.set(run.id, structuredClone(run));
    this.writes.push({ kind: "run", id: run.id, status: run.status });
  }

  async saveNodeRun(nodeRun: WorkflowNodeRun) {
    this.nodeRuns.set(nodeRun.id, structuredClone(nodeRun));
    this.writes.push({ kind: "node", id: nodeRun.nodeId, status: nodeRun.status });
  }

  async findRun(id: string) {
    return this.runs.get(id);
  }

  async listRuns(query: WorkflowRunQuery) {
    const all = [...this.runs.values()]
      .filter((r) => r.appId === query.appId && (!query.status || r.status === query.status) && (!query.requestId || r.requestId === query.requestId))
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    return { items: all.slice(query.offset, query.offset + query.limit), total: all.length, limit: query.limit, offset: query.offset };
  }

  async listNodeRuns(runId: string) {
    return [...this.nodeRuns.values()].filter((n) => n.runId === runId).sort((a, b) => a.seq - b.seq);
  }
}
