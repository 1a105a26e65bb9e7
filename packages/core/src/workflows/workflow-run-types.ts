import type { PageRequest } from "../ports/page.js";

export type WorkflowRunStatus = "running" | "succeeded" | "failed";
export type NodeRunStatus = "running" | "succeeded" | "failed" | "skipped";

export interface NodeRunError {
  /** Engine codes: `Timeout`, `ScriptError`, `HttpError`, `ModelError`, `InvalidOutput`, `InvalidInput`, `AppError`, `Aborted`. */
  code: string;
  message: string;
}

/** One execution of a workflow app: what came in, what went out, and how it went. */
export interface WorkflowRun {
  id: string;
  /** The API request that started it; equals the call log's request ID. */
  requestId: string;
  appId: string;
  workspaceId: string;
  /** Published version that ran; null for a console run of the draft. */
  appVersion: number | null;
  source: "api" | "console";
  sessionId: string | null;
  status: WorkflowRunStatus;
  /** Start variables: query, historyList, imageList and the custom ones. */
  inputs: Record<string, unknown>;
  /** The End node's answer (`text`), and its JSON outputs in JSON mode. */
  outputs: Record<string, unknown> | null;
  error: NodeRunError | null;
  inputTokens: number;
  outputTokens: number;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
}

/** One execution of one node within a run (a node inside an Iteration runs once per item). */
export interface WorkflowNodeRun {
  id: string;
  runId: string;
  /** Order in which node runs started within the run (1-based). */
  seq: number;
  nodeId: string;
  nodeType: string;
  nodeName: string;
  /** The Iteration node this run belongs to, and the item index, for nodes of an Iteration body. */
  parentNodeId: string | null;
  iterationIndex: number | null;
  status: NodeRunStatus;
  /** Attempts made (1 + retries used). */
  attempts: number;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown> | null;
  /** Branch taken (Condition, Intent classification, `error` for an error branch). */
  branch: string | null;
  error: NodeRunError | null;
  model: string | null;
  inputTokens: number;
  outputTokens: number;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
}

export interface WorkflowRunQuery extends PageRequest {
  appId: string;
  status?: WorkflowRunStatus;
  requestId?: string;
}
