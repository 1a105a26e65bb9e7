import { newTimeOrderedId } from "../ids.js";
import { DEFAULT_MAX_JSON_DEPTH, jsonDepthProblem } from "../json-depth.js";
import type { ModelUsage } from "../runtime/agent-events.js";
import { addUsage, errorOutputs, failureOutcome, nodeInfo, type Outcome, RunFailure, sumUsage } from "./execution-helpers.js";
import { timedAttempt, withRetries } from "./node-attempts.js";
import type { RunRecorder } from "./run-recorder.js";
import { Scope } from "./variables.js";
import type { WorkflowNodeRun } from "./workflow-run-types.js";
import {
  type CompiledGraph,
  type CompiledNode,
  NodeFailure,
  type NodeInfo,
  type NodeResult,
  type NodeRunContext,
  type WorkflowCall,
  type WorkflowDeps,
  type WorkflowEvent,
} from "./workflow-types.js";

/** Shared by every level of one run (the top graph and each Iteration body run). */
export interface RunEnv {
  call: WorkflowCall;
  deps: WorkflowDeps;
  recorder: RunRecorder;
  /** Top-level events only. */
  emit(event: WorkflowEvent): void;
  /** Running token totals of the whole run, per model. */
  usage: ModelUsage[];
  /** Next node run sequence number (shared by all levels). */
  seq: { next: number };
}

interface NodeState {
  c: CompiledNode;
  info: NodeInfo;
  pending: number;
  taken: number;
  status: "waiting" | "running" | "done" | "skipped";
  startedEvent: boolean;
}

/**
 * Runs one graph level: entry nodes first, every node as soon as all its inputs are settled
 * (so fan-outs run concurrently and multi-input nodes join), branches by edge handle, and
 * nodes whose inputs were all skipped are skipped in turn. Resolves when every node settled.
 */
export class GraphRun {
  private readonly states = new Map<string, NodeState>();
  private remaining: number;
  private settle!: { resolve: () => void; reject: (e: unknown) => void };
  failed = false;
  /** Change listeners per node (End streaming): called on each published delta and when the node settles. */
  private readonly watchers = new Map<string, (() => void)[]>();
  /** Published text per node and streamed field, kept only while someone may stream it. */
  readonly streamed = new Map<string, Map<string, string>>();
  /** Intercepts the End node: the End streamer produces its answer. */
  endRunner: ((state: { info: NodeInfo; announce: () => void }) => Promise<NodeResult>) | undefined;

  constructor(
    private readonly graph: CompiledGraph,
    readonly scope: Scope,
    private readonly env: RunEnv,
    private readonly signal: AbortSignal,
    private readonly level: { top: boolean; parentNodeId: string | null; iterationIndex: number | null; usageSink?: ModelUsage[] },
  ) {
    for (const [id, c] of graph.nodes) this.states.set(id, { c, info: nodeInfo(c), pending: c.incoming, taken: 0, status: "waiting", startedEvent: false });
    this.remaining = graph.nodes.size;
  }

  run(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
      if (this.remaining === 0) return resolve();
      for (const id of this.graph.entries) this.start(this.states.get(id)!);
    });
  }

  isSettled(nodeId: string): boolean {
    const s = this.states.get(nodeId);
    return s === undefined || s.status === "done" || s.status === "skipped";
  }

  /** Resolves at the node's next published delta or when it settles (or the run fails). */
  nextChange(nodeId: string): Promise<void> {
    if (this.failed || this.isSettled(nodeId)) return Promise.resolve();
    return new Promise((resolve) => {
      const list = this.watchers.get(nodeId);
      if (list) list.push(resolve);
      else this.watchers.set(nodeId, [resolve]);
    });
  }

  private notify(nodeId: string): void {
    const list = this.watchers.get(nodeId);
    if (!list) return;
    this.watchers.delete(nodeId);
    for (const w of list) w();
  }

  /** Emits the End node's `node_started` once, whoever gets there first (streamer or executor). */
  announce(state: NodeState): void {
    if (state.startedEvent || !this.level.top) return;
    state.startedEvent = true;
    this.env.emit({ type: "node_started", node: state.info });
  }

  endState(): NodeState | undefined {
    return this.graph.endId ? this.states.get(this.graph.endId) : undefined;
  }

  private start(state: NodeState): void {
    state.status = "running";
    // Whatever goes wrong while settling a node fails this run; it must never escape as an
    // unhandled rejection, which would end the whole server process.
    this.execute(state)
      .then(
        (outcome) => this.finish(state, outcome),
        (error) => this.fail(error),
      )
      .catch((error: unknown) => this.fail(error));
  }

  private finish(state: NodeState, outcome: Outcome): void {
    if (this.failed) return;
    this.scope.set(state.c.node.id, outcome.outputs);
    state.status = "done";
    this.remaining--;
    this.notify(state.c.node.id);
    for (const edge of state.c.outgoing) {
      const taken = outcome.errorBranch
        ? edge.handle === "error"
        : edge.handle !== "error" && (outcome.handle === undefined || edge.handle === undefined || edge.handle === outcome.handle);
      this.mark(edge.target, taken);
    }
    if (this.remaining === 0) this.settle.resolve();
  }

  private mark(target: string, taken: boolean): void {
    const s = this.states.get(target)!;
    s.pending--;
    if (taken) s.taken++;
    if (s.pending > 0) return;
    // End always runs: it is where the answer is made, even if every branch into it was skipped.
    if (s.taken > 0 || s.c.node.type === "End") this.start(s);
    else this.skip(s);
  }

  private skip(state: NodeState): void {
    if (this.failed) return;
    state.status = "skipped";
    this.remaining--;
    const now = this.env.deps.clock.now().toISOString();
    if (this.env.recorder.enabled)
      this.env.recorder.saveNodeRun({ ...this.nodeRunBase(state, now, {}), status: "skipped", attempts: 0, finishedAt: now, durationMs: 0 });
    this.notify(state.c.node.id);
    for (const edge of state.c.outgoing) this.mark(edge.target, false);
    if (this.remaining === 0) this.settle.resolve();
  }

  private fail(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    for (const id of [...this.watchers.keys()]) this.notify(id);
    this.settle.reject(error);
  }

  /** The End streamer's deltas, announced as the End node's. */
  publishEnd(delta: string): void {
    const state = this.endState();
    if (!state) return;
    this.announce(state);
    this.publish(state, "result", delta);
  }

  /** Publishes a delta of a streamed field: an event at the top level, and to End streaming. */
  private publish(state: NodeState, field: string, delta: string): void {
    if (delta === "" || this.failed) return;
    const id = state.c.node.id;
    const fields = this.streamed.get(id);
    if (fields) {
      fields.set(field, (fields.get(field) ?? "") + delta);
      this.notify(id);
    }
    if (this.level.top) this.env.emit({ type: "node_delta", node: state.info, field, delta });
  }

  private nodeRunBase(state: NodeState, startedAt: string, inputs: Record<string, unknown>): WorkflowNodeRun {
    const { node } = state.c;
    return {
      id: newTimeOrderedId(),
      runId: this.env.call.runId,
      seq: this.env.seq.next++,
      nodeId: node.id,
      nodeType: node.type,
      nodeName: node.name,
      parentNodeId: this.level.parentNodeId,
      iterationIndex: this.level.iterationIndex,
      status: "running",
      attempts: 1,
      inputs,
      outputs: null,
      branch: null,
      error: null,
      model: null,
      inputTokens: 0,
      outputTokens: 0,
      startedAt,
      finishedAt: null,
      durationMs: null,
    };
  }

  private async execute(state: NodeState): Promise<Outcome> {
    const { c } = state;
    // An Iteration that already failed or finished must not start more body nodes.
    if (this.signal.aborted) throw this.signal.reason;
    const started = performance.now();
    const startedAt = this.env.deps.clock.now().toISOString();
    this.announce(state);
    const inputs: Record<string, unknown> = {};
    for (const source of c.sources) inputs[source.field] = this.scope.resolve(source.value);
    const record = this.nodeRunBase(state, startedAt, inputs);
    const recording = this.env.recorder.enabled;
    if (recording) this.env.recorder.saveNodeRun(record);
    const timeoutMs = c.errors.timeoutMs ?? c.def.defaultTimeoutMs;
    // A node that may fail and be retried or replaced streams only once it has succeeded, so no
    // caller ever sees half an answer that is then thrown away.
    const buffered = c.errors.retries > 0 || c.errors.policy !== "fail";
    const finishRecord = (patch: Partial<WorkflowNodeRun>) => {
      if (!recording) return;
      const durationMs = Math.round(performance.now() - started);
      this.env.recorder.saveNodeRun({ ...record, ...patch, finishedAt: this.env.deps.clock.now().toISOString(), durationMs });
    };

    const outcome = await withRetries(
      c.errors,
      this.signal,
      async () => {
        const deltas: [string, string][] = [];
        const bodyUsage: ModelUsage[] = [];
        const result = await this.attempt(state, inputs, timeoutMs, bodyUsage, (field, delta) => {
          if (buffered) deltas.push([field, delta]);
          else this.publish(state, field, delta);
        });
        const tooDeep = jsonDepthProblem(result.outputs, this.env.deps.maxJsonDepth ?? DEFAULT_MAX_JSON_DEPTH, "outputs");
        if (tooDeep) throw new NodeFailure("InvalidOutput", `${tooDeep.field} ${tooDeep.message}`);
        for (const [field, delta] of deltas) this.publish(state, field, delta);
        return { result, bodyUsage };
      },
      // The run itself is over (aborted, or another node failed it): stop rather than retry.
      (error) => (this.signal.aborted || this.failed ? (error instanceof RunFailure ? error : (this.signal.reason ?? error)) : undefined),
    );
    if (!outcome.ok) {
      finishRecord({ status: "failed", attempts: outcome.attempts, error: outcome.failure.toRecord() });
      this.finished(state, "failed", errorOutputs(outcome.failure), outcome.failure, started, []);
      return failureOutcome(c, outcome.failure);
    }
    const { result, bodyUsage } = outcome.value;
    // Own usage counts once towards the run; an Iteration reports its body's usage as its own too.
    addUsage(this.env.usage, result.usage);
    const usage: ModelUsage[] = [];
    addUsage(usage, result.usage);
    addUsage(usage, bodyUsage);
    if (this.level.usageSink) addUsage(this.level.usageSink, usage);
    finishRecord({
      status: "succeeded",
      attempts: outcome.attempts,
      outputs: result.outputs,
      branch: result.handle ?? null,
      model: result.model ?? null,
      ...sumUsage(usage),
    });
    this.finished(state, "succeeded", result.outputs, null, started, usage);
    return { outputs: result.outputs, handle: result.handle, errorBranch: false };
  }

  private finished(
    state: NodeState,
    status: "succeeded" | "failed",
    outputs: Record<string, unknown>,
    failure: NodeFailure | null,
    started: number,
    usage: ModelUsage[],
  ): void {
    if (!this.level.top || this.failed) return;
    this.env.emit({
      type: "node_finished",
      node: state.info,
      status,
      outputs,
      error: failure ? failure.toRecord() : null,
      durationMs: performance.now() - started,
      usage,
    });
  }

  /** One attempt, bounded by the node's timeout and aborted with the run. */
  private async attempt(
    state: NodeState,
    inputs: Record<string, unknown>,
    timeoutMs: number | undefined,
    bodyUsage: ModelUsage[],
    emit: (field: string, delta: string) => void,
  ): Promise<NodeResult> {
    const { c } = state;
    return timedAttempt(this.signal, timeoutMs, c.def.timeoutSlackMs ?? 0, (attempt) => {
      const ctx: NodeRunContext<unknown> = {
        node: c.node,
        config: c.config,
        inputs,
        scope: this.scope,
        call: this.env.call,
        deps: this.env.deps,
        // Made on first use: most nodes never read it.
        get signal() {
          return attempt.signal;
        },
        timeoutMs,
        body: c.body,
        emit: (field, delta) => {
          if (!attempt.aborted) emit(field, delta);
        },
        runBody: (body, vars, index) => this.runBody(c, body, vars, index, attempt.signal, bodyUsage),
      };
      return c.node.type === "End" && this.endRunner ? this.endRunner({ info: state.info, announce: () => this.announce(state) }) : c.def.run(ctx);
    });
  }

  private async runBody(
    iteration: CompiledNode,
    body: CompiledGraph,
    vars: Record<string, unknown>,
    index: number,
    signal: AbortSignal,
    usageSink: ModelUsage[],
  ): Promise<Scope> {
    const scope = new Scope(this.scope);
    scope.set(iteration.node.id, vars);
    const run = new GraphRun(body, scope, this.env, signal, { top: false, parentNodeId: iteration.node.id, iterationIndex: index, usageSink });
    try {
      await run.run();
    } catch (error) {
      if (error instanceof RunFailure) {
        throw new NodeFailure(
          error.failure.code,
          `item ${index}: node ${error.node.node.id} ('${error.node.node.name}') failed: ${error.failure.message}`,
          error.failure.cause,
        );
      }
      throw error;
    }
    return scope;
  }
}
