import { Type } from "typebox";
import { PageQuery, Timestamp } from "./common.js";

const NullableString = Type.Union([Type.String(), Type.Null()]);

/** The surface a call came through: the DashScope API, the OpenAI-compatible view, an MCP tool call, the console playground. */
const CallSource = Type.Union([Type.Literal("api"), Type.Literal("openai"), Type.Literal("mcp"), Type.Literal("console")]);

/** One app call. `prompt` and `answer` are null when content logging is off or past retention. */
export const CallLog = Type.Object({
  requestId: Type.String(),
  appId: NullableString,
  workspaceId: NullableString,
  apiKeyId: NullableString,
  userId: NullableString,
  source: CallSource,
  status: Type.Integer({ description: "HTTP status the caller saw" }),
  errorCode: NullableString,
  latencyMs: Type.Integer(),
  inputTokens: Type.Integer(),
  outputTokens: Type.Integer(),
  streamed: Type.Boolean(),
  sessionId: NullableString,
  startedAt: Timestamp,
  prompt: NullableString,
  answer: NullableString,
  clientIp: Type.Union([Type.String(), Type.Null()], { description: "The caller's address (after trusted proxies)" }),
  keyPrefix: Type.Union([Type.String(), Type.Null()], { description: "Display prefix of the API key presented, also when it was refused" }),
});

const Range = {
  workspaceId: Type.Optional(Type.String({ maxLength: 64 })),
  appId: Type.Optional(Type.String({ maxLength: 64 })),
  from: Type.Optional(Type.String({ format: "date-time", description: "Calls started at or after" })),
  to: Type.Optional(Type.String({ format: "date-time", description: "Calls started at or before" })),
};

export const CallLogQuery = Type.Object(
  {
    ...PageQuery,
    ...Range,
    apiKeyId: Type.Optional(Type.String({ maxLength: 64 })),
    status: Type.Optional(Type.Union([Type.Literal("success"), Type.Literal("error")])),
    source: Type.Optional(CallSource),
  },
  { additionalProperties: false },
);

export const RequestIdParam = Type.Object({ requestId: Type.String({ minLength: 1, maxLength: 100 }) });

export const CallStatsQuery = Type.Object(
  { ...Range, bucket: Type.Optional(Type.Union([Type.Literal("hour"), Type.Literal("day")], { default: "hour" })) },
  { additionalProperties: false },
);

export const CallStatsBucket = Type.Object({
  start: Timestamp,
  appId: NullableString,
  calls: Type.Integer(),
  errors: Type.Integer(),
  inputTokens: Type.Integer(),
  outputTokens: Type.Integer(),
});

export const CallStats = Type.Object({ buckets: Type.Array(CallStatsBucket) });
