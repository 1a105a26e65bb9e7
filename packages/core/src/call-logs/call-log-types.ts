import type { PageRequest } from "../ports/page.js";

/** Where an app call came in: the DashScope API (`api`), the OpenAI-compatible view (`openai`), an MCP tool call (`mcp`), the console playground (`console`). */
export const callSources = ["api", "openai", "mcp", "console"] as const;
export type CallSource = (typeof callSources)[number];

/** One call of an app, and the surface it came through (`source`). */
export interface CallLogEntry {
  requestId: string;
  appId: string | null;
  workspaceId: string | null;
  apiKeyId: string | null;
  userId: string | null;
  source: CallSource;
  /** HTTP status the caller saw (200 for a stream that ended in event:error shows that error's status). */
  status: number;
  errorCode: string | null;
  latencyMs: number;
  inputTokens: number;
  outputTokens: number;
  streamed: boolean;
  sessionId: string | null;
  startedAt: string;
  /** Kept only while content logging is on and within its retention. */
  prompt: string | null;
  answer: string | null;
  /** The caller's address as the server saw it (after trusted proxies). */
  clientIp: string | null;
  /** Display prefix (`sk-1a2b…9f0e`) of the key presented, also when it was refused. */
  keyPrefix: string | null;
}

/** Fire-and-forget writer: the hot path never waits on the log (batched behind the scenes). */
export interface CallLogWriter {
  record(entry: CallLogEntry): void;
  /** Writes what is buffered; called on shutdown and by tests. */
  flush(): Promise<void>;
}

/** A call failed when the caller saw an HTTP error status or the stream ended in an error event. */
export type CallOutcome = "success" | "error";

export interface CallLogQuery extends PageRequest {
  /** Restricts to these workspaces; an empty list matches nothing, undefined everything. */
  workspaceIds?: string[];
  appId?: string;
  apiKeyId?: string;
  status?: CallOutcome;
  source?: CallLogEntry["source"];
  /** Inclusive bounds on `startedAt` (ISO-8601 UTC). */
  from?: string;
  to?: string;
}

export interface CallStatsQuery {
  workspaceIds?: string[];
  appId?: string;
  from?: string;
  to?: string;
  bucket: "hour" | "day";
}

/** Totals of one app over one hour or day (UTC). */
export interface CallStatsBucket {
  /** Start of the bucket, ISO-8601 UTC. */
  start: string;
  appId: string | null;
  calls: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
}
