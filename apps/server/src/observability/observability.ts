import type { ModelRouter, Retriever, ToolHttpClient, WorkflowRunRepository } from "@appstudio/core";
import type { DatabaseHandle } from "@appstudio/storage";
import type { Container } from "../container.js";
import { Metrics } from "./metrics.js";
import { observedRouter, observedWorkflowRuns, tracedRetriever, tracedToolClient } from "./observed-ports.js";
import { type TraceSpan, Tracing } from "./tracing.js";
import type { TracingSetting } from "./tracing-setting.js";

/** The ports an app turn uses that metrics and spans are taken from. */
export interface TurnPorts {
  models: ModelRouter;
  workflowRuns: WorkflowRunRepository;
  toolClient: ToolHttpClient;
  retriever: Retriever;
}

/** Where the ports come from: the container (always the same one). */
type PortSource = Pick<Container, "models" | "core" | "toolClient" | "retriever">;

/** Metrics and tracing of one server, and the turn ports wrapped to feed them. */
export class Observability {
  readonly metrics: Metrics;
  readonly tracing: Tracing;
  /** Metered once; a turn without a span (tracing off) gets these, nothing new per call. */
  private metered: (TurnPorts & { source: ModelRouter }) | undefined;

  constructor(tracingSetting: TracingSetting | undefined, database: Pick<DatabaseHandle, "poolStats">) {
    this.metrics = new Metrics(database);
    this.tracing = new Tracing(tracingSetting);
  }

  /** The ports of one turn: metered, and with spans below `turnSpan` when tracing is on. */
  turnPorts(container: PortSource, turnSpan: TraceSpan): TurnPorts {
    const { router } = container.models;
    const { workflowRuns } = container.core.repos;
    if (!turnSpan) {
      // Built once; again only if the container's ports were swapped (tests replace them).
      const m = this.metered;
      if (m && (m.source !== router || m.toolClient !== container.toolClient || m.retriever !== container.retriever)) this.metered = undefined;
      this.metered ??= {
        source: router,
        models: observedRouter(router, this.metrics, this.tracing, undefined),
        workflowRuns: observedWorkflowRuns(workflowRuns, this.metrics, this.tracing, undefined),
        toolClient: container.toolClient,
        retriever: container.retriever,
      };
      return this.metered;
    }
    return {
      models: observedRouter(router, this.metrics, this.tracing, turnSpan),
      workflowRuns: observedWorkflowRuns(workflowRuns, this.metrics, this.tracing, turnSpan),
      toolClient: tracedToolClient(container.toolClient, this.tracing, turnSpan),
      retriever: tracedRetriever(container.retriever, this.tracing, turnSpan),
    };
  }
}
