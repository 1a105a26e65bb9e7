import { Type } from "typebox";
import { AppId, NullableTimestamp, PageQuery, Timestamp, WorkspaceId } from "./common.js";

const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableInteger = Type.Union([Type.Integer(), Type.Null()]);
const Json = Type.Record(Type.String(), Type.Unknown());
const RunError = Type.Union([Type.Object({ code: Type.String(), message: Type.String() }), Type.Null()]);

export const RunStatus = Type.Union([Type.Literal("running"), Type.Literal("succeeded"), Type.Literal("failed")]);

/** One execution of a workflow app. `requestId` is the call log's request ID. */
export const WorkflowRun = Type.Object({
  id: Type.String(),
  requestId: Type.String({ description: "Request ID of the app call; look it up in the call log" }),
  appId: AppId,
  workspaceId: WorkspaceId,
  appVersion: Type.Union([Type.Integer(), Type.Null()], { description: "Published version that ran; null for a console run of the draft" }),
  source: Type.Union([Type.Literal("api"), Type.Literal("console")]),
  sessionId: NullableString,
  status: RunStatus,
  inputs: Type.Record(Type.String(), Type.Unknown(), { description: "Start variables" }),
  outputs: Type.Union([Json, Type.Null()], { description: "The answer (`text`) and the End node's outputs" }),
  error: RunError,
  inputTokens: Type.Integer(),
  outputTokens: Type.Integer(),
  startedAt: Timestamp,
  finishedAt: NullableTimestamp,
  durationMs: NullableInteger,
});

/** One execution of one node; nodes inside an Iteration run once per item. */
export const WorkflowNodeRun = Type.Object({
  id: Type.String(),
  runId: Type.String(),
  seq: Type.Integer({ description: "Start order within the run" }),
  nodeId: Type.String(),
  nodeType: Type.String(),
  nodeName: Type.String(),
  parentNodeId: NullableString,
  iterationIndex: NullableInteger,
  status: Type.Union([Type.Literal("running"), Type.Literal("succeeded"), Type.Literal("failed"), Type.Literal("skipped")]),
  attempts: Type.Integer(),
  inputs: Json,
  outputs: Type.Union([Json, Type.Null()]),
  branch: NullableString,
  error: RunError,
  model: NullableString,
  inputTokens: Type.Integer(),
  outputTokens: Type.Integer(),
  startedAt: Timestamp,
  finishedAt: NullableTimestamp,
  durationMs: NullableInteger,
});

export const WorkflowRunDetail = Type.Intersect([WorkflowRun, Type.Object({ nodeRuns: Type.Array(WorkflowNodeRun) })]);

export const RunQuery = Type.Object(
  {
    ...PageQuery,
    workspaceId: Type.Optional(Type.String({ maxLength: 64, description: "Needed when the app is named instead of given by App ID" })),
    status: Type.Optional(RunStatus),
    requestId: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);

export const RunIdParam = Type.Object({ runId: Type.String({ minLength: 1, maxLength: 100 }) });
