import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";

export interface IngestionDispatchOptions {
  redisUrl: string;
  /** One queue per deployment (processes sharing a database share it); letters, digits and `-`. */
  queueName: string;
  /** Deliveries handled at once by this process: the same bound as its local runner. */
  concurrency: number;
  /** Runs one queued job (claims it from the job table); resolves when it is done. */
  handle(): Promise<unknown>;
  onError(err: unknown): void;
}

export interface IngestionDispatch {
  /** Tells some process, perhaps another one, that a document is waiting. */
  announce(documentId: string): Promise<void>;
  /** Stops taking deliveries; waits for the ones in hand (their jobs are being aborted meanwhile). */
  close(): Promise<void>;
}

/**
 * Carries "a document is waiting" across server processes on a BullMQ queue in Redis, so the
 * next free process anywhere starts it at once. BullMQ only dispatches: the job table in the
 * database stays the source of truth (status, lease, attempts), and a delivery claims a job
 * from it — a duplicate or late delivery finds nothing left to claim and ends.
 */
export function createBullmqIngestionDispatch(o: IngestionDispatchOptions): IngestionDispatch {
  // BullMQ's blocking reads need `maxRetriesPerRequest: null`; a dropped connection is retried forever.
  const connect = () => new Redis(o.redisUrl, { maxRetriesPerRequest: null });
  const queueConnection = connect();
  const workerConnection = connect();
  const queue = new Queue(o.queueName, { connection: queueConnection });
  const worker = new Worker(
    o.queueName,
    async () => {
      await o.handle();
    },
    { connection: workerConnection, concurrency: Math.max(1, o.concurrency), autorun: o.concurrency > 0 },
  );
  queue.on("error", o.onError);
  worker.on("error", o.onError);
  worker.on("failed", (_job, err) => o.onError(err));

  return {
    async announce(documentId) {
      // No job ID: a re-index while an earlier delivery is still kept must announce again.
      await queue.add("ingest", { documentId }, { removeOnComplete: true, removeOnFail: true, attempts: 1 });
    },
    async close() {
      await worker.close();
      await queue.close();
      queueConnection.disconnect();
      workerConnection.disconnect();
    },
  };
}
