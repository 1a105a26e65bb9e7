import { type CallLogEntry, type CallLogRepository, type CallLogWriter, type Clock, callSources, systemClock } from "@appstudio/core";
import type { Logger } from "pino";

export interface CallLogOptions {
  repository: CallLogRepository;
  logger: Logger;
  /** Keep prompt and answer (config `callLogContent`). */
  content: boolean;
  /** Rows older than this are deleted (config `callLogRetentionDays`). */
  retentionDays: number;
  /** Entries per write; a full batch is written at once. */
  batchSize?: number;
  /** Longest an entry waits in memory before being written. */
  flushIntervalMs?: number;
  /** Entries held while the database is slow; beyond it new entries are dropped, not queued. */
  maxBuffered?: number;
  /**
   * Calls refused before they ran (bad key, invalid body, rate limited) recorded per second;
   * beyond it they are counted and the count logged, so a flood of refused requests cannot
   * turn into as many database writes nor crowd out the calls that ran.
   */
  maxRefusedPerSecond?: number;
  purgeIntervalMs?: number;
  clock?: Clock;
}

/** The call log of this process: the writer the app API uses, plus retention. */
export interface CallLog extends CallLogWriter {
  /** Like `record`, for a call refused before it ran: at most `maxRefusedPerSecond` a second are kept. */
  recordRefused(entry: CallLogEntry): void;
  /** Applies retention now; runs hourly on its own. */
  purge(now?: Date): Promise<{ deleted: number; contentCleared: number }>;
  /** Stops the timers and writes what is buffered. Entries recorded afterwards are dropped. */
  close(): Promise<void>;
}

/** Long prompts (10 MB bodies are allowed) would bloat the log; the head is what people read. */
export const MAX_CONTENT_CHARS = 64 * 1024;
export const DEFAULT_MAX_REFUSED_PER_SECOND = 100;
const DAY_MS = 86_400_000;

/**
 * A {@link CallLogWriter} that keeps the app API's hot path off the database: `record()` only
 * appends to a buffer; a timer writes batches (every `flushIntervalMs`, or at once when
 * `batchSize` entries wait), one write at a time. When a batch fails, its rows are written
 * one by one; a row that still fails is logged (with its request ID) and dropped: losing a
 * log line beats failing or slowing down calls, and one bad row never costs its neighbours.
 */
export function createCallLog(options: CallLogOptions): CallLog {
  const { repository, logger } = options;
  const batchSize = options.batchSize ?? 100;
  const flushIntervalMs = options.flushIntervalMs ?? 200;
  const maxBuffered = options.maxBuffered ?? 10_000;
  const maxRefusedPerSecond = options.maxRefusedPerSecond ?? DEFAULT_MAX_REFUSED_PER_SECOND;
  const clock = options.clock ?? systemClock;
  let buffer: CallLogEntry[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<void> = Promise.resolve();
  let overflowed = 0;
  const refused = { second: 0, count: 0, dropped: 0 };
  let closed = false;

  /** Writes a batch; when that fails, each row alone, so one bad row cannot drop its neighbours. */
  const writeBatch = async (batch: CallLogEntry[]): Promise<{ dropped: string[]; err?: unknown }> => {
    try {
      await repository.insertMany(batch);
      return { dropped: [] };
    } catch (batchError) {
      if (batch.length === 1) return { dropped: [batch[0]?.requestId ?? "?"], err: batchError };
      const dropped: string[] = [];
      let err: unknown = batchError;
      for (const entry of batch) {
        try {
          await repository.insertMany([entry]);
        } catch (rowError) {
          dropped.push(entry.requestId);
          err = rowError;
        }
      }
      return { dropped, err };
    }
  };

  const drain = async () => {
    while (buffer.length > 0) {
      const batch = buffer.slice(0, batchSize);
      buffer = buffer.slice(batchSize);
      const { dropped, err } = await writeBatch(batch);
      // The request IDs tie the lost rows to the access log; the list is capped at a batch.
      if (dropped.length > 0) logger.error({ err, dropped: dropped.length, requestIds: dropped }, "call log write failed; entries dropped");
    }
    if (overflowed > 0) {
      logger.warn({ dropped: overflowed }, "call log buffer full (database too slow); entries dropped");
      overflowed = 0;
    }
    if (refused.dropped > 0) {
      logger.warn({ dropped: refused.dropped, maxRefusedPerSecond }, "refused calls over the call log's per-second cap were not recorded");
      refused.dropped = 0;
    }
  };

  // Chained so that batches never race each other, and flush() waits for everything before it.
  const writeBuffered = (): Promise<void> => {
    writing = writing.then(drain, drain);
    return writing;
  };

  const schedule = (delayMs: number) => {
    if (timer !== undefined && delayMs > 0) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void writeBuffered();
    }, delayMs);
    // Never keeps a process alive on its own; shutdown calls flush().
    timer.unref();
  };

  const normalise = (e: CallLogEntry): CallLogEntry => {
    const started = Date.parse(e.startedAt);
    return {
      requestId: String(e.requestId),
      appId: e.appId ?? null,
      workspaceId: e.workspaceId ?? null,
      apiKeyId: e.apiKeyId ?? null,
      userId: e.userId ?? null,
      source: callSources.includes(e.source) ? e.source : "api",
      status: Math.trunc(Number(e.status)) || 0,
      errorCode: e.errorCode ?? null,
      latencyMs: Math.max(0, Math.round(Number(e.latencyMs) || 0)),
      inputTokens: Math.max(0, Math.trunc(Number(e.inputTokens) || 0)),
      outputTokens: Math.max(0, Math.trunc(Number(e.outputTokens) || 0)),
      streamed: Boolean(e.streamed),
      sessionId: e.sessionId ?? null,
      // Stats bucket by prefixes of this text, so it must be toISOString() output (UTC, fixed width).
      startedAt: new Date(Number.isNaN(started) ? clock.now().getTime() : started).toISOString(),
      prompt: options.content ? clip(e.prompt) : null,
      answer: options.content ? clip(e.answer) : null,
      clientIp: e.clientIp ? String(e.clientIp).slice(0, 64) : null,
      keyPrefix: e.keyPrefix ? String(e.keyPrefix).slice(0, 32) : null,
    };
  };

  const purge = async (now: Date = clock.now()) => {
    const cutoff = new Date(now.getTime() - options.retentionDays * DAY_MS).toISOString();
    const deleted = await repository.purgeBefore(cutoff);
    // With content logging off, content kept from before is not kept either.
    const contentCleared = options.content ? 0 : await repository.purgeContentBefore(now.toISOString());
    if (deleted > 0 || contentCleared > 0) logger.info({ deleted, contentCleared }, "call log retention applied");
    return { deleted, contentCleared };
  };

  const runPurge = () => {
    purge().catch((err) => logger.warn({ err }, "call log purge failed"));
  };
  // First run a minute after start (not during start-up), then hourly.
  const firstPurge = setTimeout(runPurge, 60_000);
  firstPurge.unref();
  const purgeTimer = setInterval(runPurge, options.purgeIntervalMs ?? 3_600_000);
  purgeTimer.unref();

  const log: CallLog = {
    record(entry) {
      try {
        if (closed) {
          logger.warn({ requestId: entry?.requestId }, "call recorded after the call log was closed; dropped");
          return;
        }
        if (buffer.length >= maxBuffered) {
          overflowed++;
          return;
        }
        buffer.push(normalise(entry));
        schedule(buffer.length >= batchSize ? 0 : flushIntervalMs);
      } catch (err) {
        // The contract: recording never fails the call.
        logger.warn({ err }, "call log entry could not be recorded");
      }
    },
    recordRefused(entry) {
      const second = Math.floor(clock.now().getTime() / 1000);
      if (second !== refused.second) {
        refused.second = second;
        refused.count = 0;
      }
      if (refused.count >= maxRefusedPerSecond) {
        refused.dropped++;
        return;
      }
      refused.count++;
      log.record(entry);
    },
    flush() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      return writeBuffered();
    },
    purge,
    async close() {
      clearTimeout(firstPurge);
      clearInterval(purgeTimer);
      await this.flush();
      closed = true;
    },
  };
  return log;
}

function clip(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  const value = String(text);
  return value.length > MAX_CONTENT_CHARS ? `${value.slice(0, MAX_CONTENT_CHARS)}…[truncated]` : value;
}
