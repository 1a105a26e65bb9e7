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
