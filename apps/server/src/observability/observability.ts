import type { ModelRouter, Retriever, ToolHttpClient, WorkflowRunRepository } from "@appstudio/core";
import type { DatabaseHandle } from "@appstudio/storage";
import type { TracingSetting } from "./tracing-setting.js";
import { Metrics } from "./metrics.js";
import { observedRouter, observedWorkflowRuns, tracedRetriever, tracedToolClient } from "./observed-ports.js";
import { type TraceSpan, Tracing } from "./tracing.js";

/** The ports an app turn uses that metrics and spans are taken from. */
export interface TurnPorts {
  models: ModelRouter;
  workflowRuns: WorkflowRunRepository;
  toolClient: ToolHttpClient;
  retriever: Retriever;
}

/** Metrics and tracing of one server, and the turn ports wrapped to feed them. */
export class Observability {
  readonly metrics: Metrics;
  readonly tracing: Tracing;
  /** Metered once; a turn without a span (tracing off) gets these, nothing new per call. */
  private metered: TurnPorts | undefined;

  constructor(tracingSetting: TracingSetting | undefined, database: Pick<DatabaseHandle, "poolStats">) {
    this.metrics = new Metrics(database);
    this.tracing = new Tracing(tracingSetting);
  }

  /** The ports of one turn (`ports`: the container's, always the same): metered, and with spans below `turnSpan` when tracing is on. */
  turnPorts(ports: TurnPorts, turnSpan: TraceSpan): TurnPorts {
    if (!turnSpan) {
      this.metered ??= {
        models: observedRouter(ports.models, this.metrics, this.tracing, undefined),
        workflowRuns: observedWorkflowRuns(ports.workflowRuns, this.metrics, this.tracing, undefined),
        toolClient: ports.toolClient,
        retriever: ports.retriever,
      };
      return this.metered;
    }
    return {
      models: observedRouter(ports.models, this.metrics, this.tracing, turnSpan),
      workflowRuns: observedWorkflowRuns(ports.workflowRuns, this.metrics, this.tracing, turnSpan),
      toolClient: tracedToolClient(ports.toolClient, this.tracing, turnSpan),
      retriever: tracedRetriever(ports.retriever, this.tracing, turnSpan),
    };
  }
}
