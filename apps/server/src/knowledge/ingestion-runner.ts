import type { IngestJob, IngestOutcome, KnowledgeJobRepository } from "@appstudio/core";

export interface ClaimedJob {
  documentId: string;
  workspaceId: string;
  /** Times the job has been claimed, this time included. */
  attempts: number;
}

export interface IngestionRunnerOptions {
  jobs: KnowledgeJobRepository;
  /** Does one job; must settle soon after the signal aborts. */
  run(job: IngestJob, signal: AbortSignal): Promise<IngestOutcome>;
  /** Marks the document of a job that keeps being interrupted (crash, kill -9) as failed. */
  giveUp(job: ClaimedJob, interruptions: number): Promise<void>;
  /** Jobs run at once in this process. */
  concurrency: number;
  /** How long a claim holds without renewal; renewed every third of it while the job runs. */
  leaseMs: number;
  /** How often to look for work nobody announced: jobs of other processes, expired leases. */
  pollIntervalMs: number;
  /** Claims a job may have; one more and it is given up. */
  maxAttempts: number;
  /** Who holds the leases, unique per process start. */
  owner: string;
  logger: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

/**
 * Runs ingestion jobs from the durable job table: claims (the table picks the fairest next job
 * and leases it), runs at most `concurrency` at once, renews leases while working, and gives a
 * job back on stop. A job whose process died is not lost: its lease expires and any process
 * claims it again, up to `maxAttempts` times.
 */
export class IngestionRunner {
  private free: number;
  private readonly waiting: ((granted: boolean) => void)[] = [];
  private readonly running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private timer: NodeJS.Timeout | undefined;
  private pumping: Promise<void> | undefined;
  private pumpAgain = false;
  private stopping = false;

  constructor(private readonly o: IngestionRunnerOptions) {
    this.free = o.concurrency;
  }

  start(): void {
    if (this.o.concurrency === 0 || this.timer) return;
    this.timer = setInterval(() => this.wake(), this.o.pollIntervalMs);
    this.timer.unref();
    this.wake();
  }

  /** Work was queued in this process: claim now rather than at the next poll. Nothing before `start()`. */
  wake(): void {
    if (this.stopping || !this.timer) return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = this.pump().finally(() => (this.pumping = undefined));
  }

  /**
   * Waits for a free slot, then claims and runs one job; false when none was claimable. For a
   * dispatcher that hands out work across processes (BullMQ): one delivery, at most one job.
   */
  async runNext(): Promise<boolean> {
    if (!(await this.acquire())) return false;
    const job = await this.claim().catch((err: unknown) => {
      this.release();
      throw err;
    });
    if (!job) {
      this.release();
      return false;
    }
    await this.launch(job);
    return true;
  }

  /** Stops claiming, aborts running jobs and gives their leases back, so the next start (here or elsewhere) resumes them. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    for (const grant of this.waiting.splice(0)) grant(false);
    await this.pumping;
    for (const { controller } of this.running.values()) controller.abort();
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  /** Jobs running now (for tests and diagnostics). */
  get active(): number {
    return this.running.size;
  }

  private async pump(): Promise<void> {
    try {
      do {
        this.pumpAgain = false;
        while (!this.stopping && this.tryAcquire()) {
          const job = await this.claim();
          if (!job) {
            this.release();
            break;
          }
          void this.launch(job);
        }
      } while (this.pumpAgain && !this.stopping);
    } catch (err) {
      this.release();
      this.o.logger.warn({ err }, "claiming a knowledge ingestion job failed; retrying at the next poll");
    }
  }

  private claim(): Promise<ClaimedJob | undefined> {
    const now = Date.now();
    return this.o.jobs.claim(this.o.owner, new Date(now).toISOString(), new Date(now + this.o.leaseMs).toISOString());
  }

  /** Runs a claimed job in an acquired slot; never rejects. */
  private launch(job: ClaimedJob): Promise<void> {
    const controller = new AbortController();
    const done = this.execute(job, controller).finally(() => {
      this.running.delete(job.documentId);
      this.release();
      if (!this.stopping) this.wake();
    });
    this.running.set(job.documentId, { controller, done });
    return done;
  }

  private async execute(job: ClaimedJob, controller: AbortController): Promise<void> {
    const { jobs, owner, logger } = this.o;
    const { documentId } = job;
    const at = () => new Date().toISOString();
    const renew = () => jobs.renew(documentId, owner, new Date(Date.now() + this.o.leaseMs).toISOString());
    const renewal = setInterval(() => {
      renew().then(
        (held) => {
          if (!held) controller.abort(new Error("the job's lease was taken over"));
        },
        // A database hiccup is not a lost lease; the next renewal (or the lease check before writing) decides.
        (err: unknown) => logger.warn({ err, documentId }, "renewing a knowledge ingestion lease failed"),
      );
    }, this.o.leaseMs / 3);
    try {
      if (this.stopping) return await jobs.release(documentId, owner, at());
      if (job.attempts > this.o.maxAttempts) {
        await this.o.giveUp(job, job.attempts - 1);
        logger.warn({ documentId, attempts: job.attempts }, "knowledge ingestion job given up after repeated interruptions");
        return await jobs.finish(documentId, owner, "failed", at());
      }
      const started = performance.now();
      const outcome = await this.o.run({ documentId, workspaceId: job.workspaceId, stillOwned: renew }, controller.signal);
      const ms = Math.round(performance.now() - started);
      if (outcome.status === "aborted") {
        if (this.stopping) await jobs.release(documentId, owner, at());
        return;
      }
      if (outcome.status === "failed") logger.info({ documentId, reason: outcome.reason, ms }, "document indexing failed");
      if (outcome.status === "ready") logger.info({ documentId, chunks: outcome.chunkCount, ms }, "document indexed");
      await jobs.finish(documentId, owner, outcome.status === "failed" ? "failed" : "done", at());
    } catch (err) {
      // Storage failed under us: keep the lease; when it expires the job is claimed again.
      logger.error({ err, documentId }, "knowledge ingestion job broke off; it will be retried when its lease expires");
    } finally {
      clearInterval(renewal);
    }
  }

  private tryAcquire(): boolean {
    if (this.free === 0) return false;
    this.free--;
    return true;
  }

  private acquire(): Promise<boolean> {
    if (this.stopping || this.o.concurrency === 0) return Promise.resolve(false);
    if (this.tryAcquire()) return Promise.resolve(true);
    return new Promise((grant) => this.waiting.push(grant));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next(true);
    else this.free++;
  }
}
