import type { Page, PageRequest } from "../ports/page.js";
import type { CallLogEntry } from "./call-log-types.js";

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

/** Storage of the call log. Writes come in batches from the buffered writer, never per call. */
export interface CallLogRepository {
  /** Inserts a batch; an entry whose request ID is already stored is skipped. */
  insertMany(entries: CallLogEntry[]): Promise<void>;
  /** Newest first. */
  list(query: CallLogQuery): Promise<Page<CallLogEntry>>;
  find(requestId: string): Promise<CallLogEntry | undefined>;
  /** Buckets ordered by start, then app. */
  stats(query: CallStatsQuery): Promise<CallStatsBucket[]>;
  /** Deletes entries that started before `cutoff`; returns how many. */
  purgeBefore(cutoff: string): Promise<number>;
  /** Clears prompt and answer of entries that started before `cutoff`; returns how many. */
  purgeContentBefore(cutoff: string): Promise<number>;
}
