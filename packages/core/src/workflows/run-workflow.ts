import type { WorkflowGraph } from "../apps/app-types.js";
import { workflowGraphProblems } from "../apps/validate-workflow-graph.js";
import { AppError, type ErrorCode, isAppError } from "../errors.js";
import { newTimeOrderedId } from "../ids.js";
import { DEFAULT_MAX_JSON_DEPTH, jsonDepthProblem } from "../json-depth.js";
import type { ModelUsage } from "../runtime/agent-events.js";
import { analyzeGraph } from "./analyze-graph.js";
import { attachEndStreamer } from "./end-streamer.js";
import { EventChannel } from "./event-channel.js";
import { GraphRun } from "./execute-graph.js";
import { RunFailure, toNodeFailure } from "./execution-helpers.js";
import { type StartConfig, startValues } from "./nodes/start-node.js";
import { RunRecorder } from "./run-recorder.js";
import { Scope } from "./variables.js";
import type { NodeRunError, WorkflowRun } from "./workflow-run-types.js";
import type { CompiledGraph, WorkflowCall, WorkflowDeps, WorkflowEvent } from "./workflow-types.js";

export interface WorkflowRunInput {
  graph: WorkflowGraph;
  call: Omit<WorkflowCall, "runId" | "depth"> & { depth?: number };
  /** Aborting it (client gone) stops every node and fails the run. */
  signal: AbortSignal;
  /** For the run record: the request that started it and what ran. */
  record: { requestId: string; source: "api" | "console"; appVersion: number | null; sessionId: string | null };
}

export interface StartedWorkflowRun {
  runId: string;
  events: AsyncGenerator<WorkflowEvent, void, undefined>;
}

/** Provider errors a caller can act on keep their code when they fail a run; others become AppProcessFailed. */
const PASSED_THROUGH: readonly ErrorCode[] = ["ModelNotConfigured", "Throttling.RateQuota", "ModelServiceFailed", "RequestTimeOut"];

/**
 * Starts a workflow run. Everything that can be refused is checked before this returns (an
 * invalid graph, missing or mistyped Start variables: `InvalidParameter` naming the fields),
 * so callers can still answer with a plain 4xx. The run itself happens as `events` is read;
 * the run and each node run are persisted as they happen.
 */
export function startWorkflowRun(deps: WorkflowDeps, input: WorkflowRunInput): StartedWorkflowRun {
  const compiled = compileForRun(input.graph);
  const runId = newTimeOrderedId();
  const call: WorkflowCall = { ...input.call, runId, depth: input.call.depth ?? 0 };
  const start = compiled.nodes.get(compiled.startId!)!;
  // Counted as in the request body, where biz_params is the third level: a value the API
  // accepts is accepted here, and the run record can always store its inputs.
  const tooDeep = jsonDepthProblem(call.bizParams, deps.maxJsonDepth ?? DEFAULT_MAX_JSON_DEPTH, "input.biz_params", 3);
  if (tooDeep) throw new AppError("InvalidParameter", `${tooDeep.field} ${tooDeep.message}`, { fields: [tooDeep] });
  const startInputs = startValues(start.config as StartConfig, call);
  return { runId, events: runEvents(deps, input, compiled, call, startInputs) };
}

function compileForRun(graph: WorkflowGraph): CompiledGraph {
  const problems = workflowGraphProblems(graph, true);
  const compiled = analyzeGraph(graph).compiled;
  if (problems.length > 0 || !compiled) {
    const first = problems[0];
    throw new AppError("InvalidParameter", `The workflow is not valid${first ? `: ${first.message}` : ""}`, { fields: problems });
  }
  return compiled;
}

async function* runEvents(
  deps: WorkflowDeps,
  input: WorkflowRunInput,
  compiled: CompiledGraph,
  call: WorkflowCall,
  startInputs: Record<string, unknown>,
): AsyncGenerator<WorkflowEvent, void, undefined> {
  const channel = new EventChannel<WorkflowEvent>();
  const controller = new AbortController();
  const onAbort = () => controller.abort(input.signal.reason);
  input.signal.addEventListener("abort", onAbort, { once: true });
  if (input.signal.aborted) controller.abort(input.signal.reason);

  const recorder = new RunRecorder(deps.runs, deps.onPersistError);
  const started = performance.now();
  const run: WorkflowRun = {
    id: call.runId,
    requestId: input.record.requestId,
    appId: call.appId,
    workspaceId: call.workspaceId,
    appVersion: input.record.appVersion,
    source: input.record.source,
    sessionId: input.record.sessionId,
    status: "running",
    inputs: startInputs,
    outputs: null,
    error: null,
    inputTokens: 0,
    outputTokens: 0,
    startedAt: deps.clock.now().toISOString(),
    finishedAt: null,
    durationMs: null,
  };
  recorder.saveRun(run);
  const usage: ModelUsage[] = [];
  const graphRun = new GraphRun(compiled, new Scope(), { call, deps, recorder, usage, seq: { next: 1 }, emit: (e) => channel.push(e) }, controller.signal, {
    top: true,
    parentNodeId: null,
    iterationIndex: null,
  });
  const end = compiled.endId ? compiled.nodes.get(compiled.endId) : undefined;
  if (end) attachEndStreamer(graphRun, end, compiled.nodes, compiled.startId);

  const finishRun = (patch: Partial<WorkflowRun>) => {
    const totals = usage.reduce((t, u) => ({ inputTokens: t.inputTokens + u.inputTokens, outputTokens: t.outputTokens + u.outputTokens }), {
      inputTokens: 0,
      outputTokens: 0,
    });
    recorder.saveRun({ ...run, ...totals, ...patch, finishedAt: deps.clock.now().toISOString(), durationMs: Math.round(performance.now() - started) });
  };

  graphRun
    .run()
    .then(
      async () => {
        const endOutputs = end ? (graphRun.scope.get(end.node.id) ?? {}) : {};
        const text = typeof endOutputs.result === "string" ? endOutputs.result : "";
        finishRun({ status: "succeeded", outputs: { text, ...endOutputs } });
        await recorder.flush();
        channel.push({ type: "done", runId: call.runId, text, finishReason: "stop", usage: usage.map((u) => ({ ...u })) });
        channel.close();
      },
      async (error: unknown) => {
        const appError = toRunError(error, controller.signal);
        const record: NodeRunError =
          error instanceof RunFailure
            ? { code: error.failure.code, message: appError.message }
            : { code: controller.signal.aborted ? "Aborted" : appError.code, message: appError.message };
        // Nodes still running in other branches are of no use any more.
        if (!controller.signal.aborted) controller.abort(new DOMException("The workflow run failed.", "AbortError"));
        finishRun({ status: "failed", error: record });
        await recorder.flush();
        channel.fail(appError);
      },
    )
    // A failure while reporting the outcome still ends the stream, and never goes unhandled.
    .catch((error: unknown) => channel.fail(toRunError(error, controller.signal)));

  try {
    for await (const event of channel) yield event;
  } finally {
    input.signal.removeEventListener("abort", onAbort);
    // A consumer that stops early (the client went away) stops every node still running.
    if (!controller.signal.aborted) controller.abort(new DOMException("The workflow run was stopped.", "AbortError"));
  }
}

function toRunError(error: unknown, signal: AbortSignal): AppError {
  if (error instanceof RunFailure) {
    const cause = error.failure.cause;
    const details = { nodeId: error.node.node.id, nodeType: error.node.node.type, nodeErrorCode: error.failure.code };
    // The node's message holds only the cause's documented message; what is behind it travels on for the log.
    const diagnostic = isAppError(cause) ? cause.diagnostic : undefined;
    if (isAppError(cause) && PASSED_THROUGH.includes(cause.code)) return new AppError(cause.code, error.message, { ...cause.details, ...details }, diagnostic);
    return new AppError("AppProcessFailed", error.message, details, diagnostic);
  }
  if (isAppError(error)) return error;
  if (signal.aborted) return new AppError("AppProcessFailed", "The workflow run was stopped before it finished.");
  return new AppError("AppProcessFailed", `The workflow run failed: ${toNodeFailure(error).message}`);
}
