import { createHash, randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { createBullmqIngestionDispatch, createThreadedSplitter, type IngestionDispatch } from "@appstudio/adapters";
import { type Clock, type Embedder, ingestDocument, isoNow, type Repositories } from "@appstudio/core";
import type { Logger } from "pino";
import type { ServerConfig } from "../config.js";
import { IngestionRunner } from "./ingestion-runner.js";

/** Claims a job may have before it is given up: three interruptions (crash, kill -9, lost lease) in a row. */
const MAX_INGESTION_ATTEMPTS = 3;
/** How often each process looks for jobs nobody announced to it (other processes' uploads, expired leases). */
const POLL_INTERVAL_MS = 2000;

export interface KnowledgeIngestion {
  /** A document was queued in this process: start it here now, or (with Redis) in whichever process is free. */
  announce(documentId: string): void;
  start(): void;
  /** Stops claiming, aborts running jobs and gives their leases back. */
  stop(): Promise<void>;
  readonly runner: IngestionRunner;
}

export interface KnowledgeIngestionDeps {
  config: Pick<
    ServerConfig,
    "databaseUrl" | "redisUrl" | "knowledgeConcurrency" | "knowledgeLeaseSeconds" | "knowledgeParseTimeoutSeconds" | "knowledgeParseMemoryMb"
  >;
  repos: Pick<Repositories, "knowledgeBases" | "knowledgeDocuments" | "knowledgeChunks" | "knowledgeJobs" | "knowledgeSearch">;
  embedder: Embedder;
  clock: Clock;
  logger: Logger;
  /** Told how each ingestion attempt ended (ready, failed, missing, aborted, error): for metrics. */
  onOutcome?: (status: string) => void;
}

/**
 * The background ingestion of this process: a runner over the job table, its parsing threads
 * and, with Redis configured, a BullMQ queue that carries "a document is waiting" to every
 * process of the deployment.
 */
export function createKnowledgeIngestion(deps: KnowledgeIngestionDeps): KnowledgeIngestion {
  const { config, repos, embedder, clock, logger } = deps;
  const log = logger.child({ component: "knowledge-ingestion" });
  const splitter = createThreadedSplitter({ timeoutMs: config.knowledgeParseTimeoutSeconds * 1000, memoryMb: config.knowledgeParseMemoryMb });
  const ingestDeps = {
    bases: repos.knowledgeBases,
    documents: repos.knowledgeDocuments,
    chunks: repos.knowledgeChunks,
    embeddings: repos.knowledgeSearch,
    splitter,
    embedder,
    clock,
    logInternalError: (requestId: string, documentId: string, err: unknown) => log.error({ err, requestId, documentId }, "indexing a document failed"),
  };
  const runner = new IngestionRunner({
    jobs: repos.knowledgeJobs,
    run: async (job, signal) => {
      try {
        const outcome = await ingestDocument(ingestDeps, job, signal);
        deps.onOutcome?.(outcome.status);
        return outcome;
      } catch (e) {
        deps.onOutcome?.("error");
        throw e;
      }
    },
    giveUp: (job, interruptions) =>
      repos.knowledgeDocuments.setStatus(job.documentId, "failed", {
        error: `Indexing was interrupted ${interruptions} times; re-index the document to try again.`,
        updatedAt: isoNow(clock),
      }),
    concurrency: config.knowledgeConcurrency,
    leaseMs: config.knowledgeLeaseSeconds * 1000,
    pollIntervalMs: POLL_INTERVAL_MS,
    maxAttempts: MAX_INGESTION_ATTEMPTS,
    owner: `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`,
    logger: log,
  });

  let dispatch: IngestionDispatch | undefined;
  return {
    runner,
    announce(documentId) {
      if (!dispatch) return runner.wake();
      dispatch.announce(documentId).catch((err: unknown) => {
        // Redis is away: do it here; other processes still find it by polling.
        log.warn({ err, documentId }, "announcing a queued document on Redis failed");
        runner.wake();
      });
    },
    start() {
      if (config.redisUrl && !dispatch) {
        dispatch = createBullmqIngestionDispatch({
          redisUrl: config.redisUrl,
          queueName: queueNameFor(config.databaseUrl),
          concurrency: config.knowledgeConcurrency,
          handle: () => runner.runNext(),
          onError: (err) => log.warn({ err }, "knowledge ingestion queue error"),
        });
      }
      runner.start();
    },
    async stop() {
      await Promise.all([runner.stop(), dispatch?.close()]);
      await splitter.close();
    },
  };
}

/**
 * Processes sharing a database share a queue; deployments that share only a Redis do not take
 * each other's deliveries. Named after the database (without credentials), not after any secret.
 */
export function queueNameFor(databaseUrl: string): string {
  let identity = databaseUrl;
  try {
    const url = new URL(databaseUrl);
    url.username = "";
    url.password = "";
    identity = url.href;
  } catch {
    // `sqlite:/path` parses; anything else is used as it is.
  }
  return `appstudio-knowledge-${createHash("sha256").update(identity).digest("hex").slice(0, 12)}`;
}

/**
 * The repositories with every way a document gets queued (upload, re-index) announcing it, so
 * the use cases that queue need not know who runs the jobs.
 */
export function announcingQueuedDocuments<R extends Pick<Repositories, "knowledgeDocuments" | "knowledgeJobs">>(
  repos: R,
  announce: (documentId: string) => void,
): R {
  const { knowledgeDocuments: documents, knowledgeJobs: jobs } = repos;
  return {
    ...repos,
    knowledgeDocuments: Object.assign(Object.create(documents) as typeof documents, {
      async create(...args: Parameters<typeof documents.create>) {
        await documents.create(...args);
        announce(args[0].id);
      },
    }),
    knowledgeJobs: Object.assign(Object.create(jobs) as typeof jobs, {
      async enqueue(...args: Parameters<typeof jobs.enqueue>) {
        await jobs.enqueue(...args);
        announce(args[0]);
      },
    }),
  };
}
