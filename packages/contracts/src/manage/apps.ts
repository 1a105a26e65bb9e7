import { Type } from "typebox";
import { AppId, NullableTimestamp, Timestamp, WorkspaceId } from "./common.js";

export const AppType = Type.Union([Type.Literal("agent"), Type.Literal("workflow")]);
export const AppStatus = Type.Union([Type.Literal("draft"), Type.Literal("published"), Type.Literal("changed")], {
  description: "draft: never published; published: live equals draft; changed: published with unpublished draft edits",
});

export const HttpTool = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64 }),
    description: Type.String({ maxLength: 1000 }),
    parameters: Type.Record(Type.String(), Type.Unknown(), { description: "JSON Schema (type object) of the tool's arguments" }),
    method: Type.Union([Type.Literal("GET"), Type.Literal("POST"), Type.Literal("PUT"), Type.Literal("PATCH"), Type.Literal("DELETE")]),
    url: Type.String({ minLength: 1, maxLength: 2000 }),
    headers: Type.Record(Type.String(), Type.String()),
    timeoutMs: Type.Integer({ minimum: 100, maximum: 120000 }),
  },
  { additionalProperties: false },
);

export const AgentKnowledgeConfig = Type.Object(
  {
    knowledgeBaseIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
      maxItems: 20,
      description: "Knowledge bases of the app's workspace searched on every call; rag_options.pipeline_ids replaces them per call",
    }),
    topK: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, description: "Chunks retrieved per call (default 5)" })),
    maxContextChars: Type.Optional(
      Type.Integer({ minimum: 500, maximum: 100_000, description: "Most characters of retrieved text in the prompt (default 6000)" }),
    ),
    scoreThreshold: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: "Hits scoring below it are dropped" })),
    showSources: Type.Optional(Type.Boolean({ description: "Return the cited chunks as output.doc_references (default false)" })),
    noMatch: Type.Optional(
      Type.Object(
        {
          mode: Type.Union([Type.Literal("answer"), Type.Literal("fixed")], {
            description: "answer: the model answers anyway; fixed: reply with `reply`, no model call",
          }),
          reply: Type.Optional(Type.String({ maxLength: 4000 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const AgentConfig = Type.Object(
  {
    model: Type.String({ maxLength: 200 }),
    instructions: Type.String({ maxLength: 100_000 }),
    temperature: Type.Optional(Type.Number({ minimum: 0, exclusiveMaximum: 2 })),
    topP: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
    topK: Type.Optional(Type.Integer({ minimum: 0 })),
    maxTokens: Type.Optional(Type.Integer({ minimum: 1 })),
    seed: Type.Optional(Type.Integer()),
    enableThinking: Type.Optional(Type.Boolean()),
    dialogRounds: Type.Integer({ minimum: 0, maximum: 50 }),
    tools: Type.Array(HttpTool, { maxItems: 32 }),
    mcpServices: Type.Optional(
      Type.Array(
        Type.Object(
          {
            serviceId: Type.String({ minLength: 1, maxLength: 64, description: "An MCP service of the app's workspace" }),
            tools: Type.Optional(
              Type.Array(Type.String({ minLength: 1, maxLength: 128 }), { maxItems: 200, description: "Only these of its allowed tools; empty or unset: all" }),
            ),
          },
          { additionalProperties: false },
        ),
        { maxItems: 10, description: "MCP services whose tools the model may call, named service__tool" },
      ),
    ),
    knowledge: Type.Optional(AgentKnowledgeConfig),
    longTermMemory: Type.Optional(
      Type.Object(
        { enabled: Type.Boolean({ description: "Calls sending input.memory_id recall facts from that memory and store new ones" }) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const WorkflowNode = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 64 }),
    type: Type.String({ minLength: 1, maxLength: 64 }),
    name: Type.String({ maxLength: 100 }),
    config: Type.Record(Type.String(), Type.Unknown()),
    position: Type.Optional(Type.Object({ x: Type.Number(), y: Type.Number() })),
  },
  { additionalProperties: false },
);

export const WorkflowGraph = Type.Object(
  {
    kind: Type.Optional(
      Type.Union([Type.Literal("task"), Type.Literal("dialog")], {
        description: "task (default): single-shot; dialog: multi-turn through session_id / messages",
      }),
    ),
    nodes: Type.Array(WorkflowNode, { maxItems: 500 }),
    edges: Type.Array(
      Type.Object(
        { source: Type.String(), target: Type.String(), sourceHandle: Type.Optional(Type.String({ maxLength: 64 })) },
        { additionalProperties: false },
      ),
      { maxItems: 2000 },
    ),
  },
  { additionalProperties: false },
);

export const AppConfig = Type.Union([AgentConfig, WorkflowGraph]);

export const App = Type.Object({
  id: AppId,
  workspaceId: WorkspaceId,
  type: AppType,
  name: Type.String(),
  description: Type.String(),
  status: AppStatus,
  publishedVersion: Type.Union([Type.Integer(), Type.Null()]),
  publishedAt: NullableTimestamp,
  createdBy: Type.String(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const AppDetail = Type.Intersect([App, Type.Object({ draft: AppConfig })]);

export const AppName = Type.String({ minLength: 1, maxLength: 100 });

export const CreateAppBody = Type.Object(
  {
    workspaceId: WorkspaceId,
    type: AppType,
    name: AppName,
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    config: Type.Optional(AppConfig),
  },
  { additionalProperties: false },
);

export const UpdateAppBody = Type.Object(
  { name: Type.Optional(AppName), description: Type.Optional(Type.String({ maxLength: 2000 })), config: Type.Optional(AppConfig) },
  { additionalProperties: false, minProperties: 1 },
);

export const PublishBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });
export const RollbackBody = Type.Object({ version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) }, { additionalProperties: false });

export const AppVersion = Type.Object({
  appId: AppId,
  version: Type.Integer(),
  config: AppConfig,
  note: Type.String(),
  publishedBy: Type.String(),
  publishedAt: Timestamp,
});
