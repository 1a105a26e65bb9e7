import type { IngestJob, IngestOutcome, KnowledgeJobRepository } from "@appstudio/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type ClaimedJob, IngestionRunner, type IngestionRunnerOptions } from "./ingestion-runner.js";

interface FakeJob {
  documentId: string;
  workspaceId: string;
  state: "queued" | "running" | "done" | "failed";
  attempts: number;
  owner: string | null;
  leaseExpiresAt: string | null;
}

/** A job table in memory: first come, first served, with leases (fairness is the storage's, tested there). */
function jobTable(ids: string[]) {
  const jobs = ids.map((documentId): FakeJob => ({ documentId, workspaceId: "ws-a", state: "queued", attempts: 0, owner: null, leaseExpiresAt: null }));
  const repo: KnowledgeJobRepository = {
    enqueue: async () => {},
    async claim(owner, now, leaseExpiresAt) {
      const job = jobs.find((j) => j.state === "queued" || (j.state === "running" && j.leaseExpiresAt! <= now));
      if (!job) return undefined;
      Object.assign(job, { state: "running", owner, leaseExpiresAt, attempts: job.attempts + 1 });
      return { documentId: job.documentId, workspaceId: job.workspaceId, attempts: job.attempts };
    },
    async renew(documentId, owner, leaseExpiresAt) {
      const job = jobs.find((j) => j.documentId === documentId && j.owner === owner && j.state === "running");
      if (job) job.leaseExpiresAt = leaseExpiresAt;
      return Boolean(job);
    },
    async finish(documentId, owner, state) {
      const job = jobs.find((j) => j.documentId === documentId && j.owner === owner);
      if (job) Object.assign(job, { state, owner: null, leaseExpiresAt: null });
    },
    async release(documentId, owner) {
      const job = jobs.find((j) => j.documentId === documentId && j.owner === owner);
      if (job) Object.assign(job, { state: "queued", owner: null, leaseExpiresAt: null, attempts: job.attempts - 1 });
    },
  };
  return { jobs, repo };
}

const silent = { info() {}, warn() {}, error() {} };

/** A run that holds until the test lets it go (or its signal aborts). */
function gatedRuns() {
  const gates = new Map<string, (outcome: IngestOutcome) => void>();
  const started: string[] = [];
  const run = (job: IngestJob, signal: AbortSignal) =>
    new Promise<IngestOutcome>((resolve) => {
      started.push(job.documentId);
      gates.set(job.documentId, resolve);
      signal.addEventListener("abort", () => resolve({ status: "aborted" }), { once: true });
    });
  const finish = (id: string, outcome: IngestOutcome = { status: "ready", chunkCount: 1, pageCount: null }) => gates.get(id)!(outcome);
  return { run, started, finish };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

function runner(options: Partial<IngestionRunnerOptions> & Pick<IngestionRunnerOptions, "jobs" | "run">) {
  return new IngestionRunner({
    giveUp: async () => {},
    concurrency: 2,
    leaseMs: 60_000,
    pollIntervalMs: 2000,
    maxAttempts: 3,
    owner: "me",
    logger: silent,
    ...options,
  });
}

describe("ingestion runner", () => {
  afterEach(() => vi.useRealTimers());

  it("runs at most `concurrency` jobs at once and takes the next as soon as one ends", async () => {
    const table = jobTable(["d1", "d2", "d3", "d4"]);
    const runs = gatedRuns();
    const r = runner({ jobs: table.repo, run: runs.run });
    r.start();
    await flush();
    expect(runs.started).toEqual(["d1", "d2"]);
    runs.finish("d1");
    await flush();
    expect(runs.started).toEqual(["d1", "d2", "d3"]);
    expect(r.active).toBe(2);
    runs.finish("d2", { status: "failed", reason: "bad file" });
    runs.finish("d3");
    await flush();
    runs.finish("d4");
    await flush();
    expect(table.jobs.map((j) => j.state)).toEqual(["done", "failed", "done", "done"]);
    await r.stop();
  });

  it("wakes at once on an announcement and otherwise finds work by polling", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const table = jobTable([]);
    const runs = gatedRuns();
    const r = runner({ jobs: table.repo, run: runs.run });
    r.start();
    await flush();
    table.jobs.push({ documentId: "late", workspaceId: "ws-a", state: "queued", attempts: 0, owner: null, leaseExpiresAt: null });
    await flush();
    expect(runs.started).toEqual([]);
    vi.advanceTimersByTime(2000);
    await flush();
    expect(runs.started).toEqual(["late"]);
    table.jobs.push({ documentId: "announced", workspaceId: "ws-a", state: "queued", attempts: 0, owner: null, leaseExpiresAt: null });
    r.wake();
    await flush();
    expect(runs.started).toEqual(["late", "announced"]);
    await r.stop();
  });

  it("renews the lease while a job runs, and aborts the job when the lease was taken over", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "Date"] });
    const table = jobTable(["d1"]);
    const runs = gatedRuns();
    const r = runner({ jobs: table.repo, run: runs.run, leaseMs: 30_000 });
    r.start();
    await flush();
    const firstLease = table.jobs[0]!.leaseExpiresAt;
    vi.advanceTimersByTime(10_000);
    await flush();
    expect(table.jobs[0]!.leaseExpiresAt! > firstLease!).toBe(true);

    table.jobs[0]!.owner = "another process";
    vi.advanceTimersByTime(10_000);
    await flush();
    expect(r.active).toBe(0);
    // The other process owns it now: this one neither finishes nor releases it.
    expect(table.jobs[0]).toMatchObject({ state: "running", owner: "another process" });
    await r.stop();
  });

  it("gives up a job that keeps being interrupted, without running it again", async () => {
    const table = jobTable(["d1"]);
    table.jobs[0]!.attempts = 3;
    const gaveUp: [ClaimedJob, number][] = [];
    const runs = gatedRuns();
    const r = runner({ jobs: table.repo, run: runs.run, giveUp: async (job, n) => void gaveUp.push([job, n]) });
    r.start();
    await flush();
    expect(runs.started).toEqual([]);
    expect(gaveUp).toEqual([[{ documentId: "d1", workspaceId: "ws-a", attempts: 4 }, 3]]);
    expect(table.jobs[0]!.state).toBe("failed");
    await r.stop();
  });

  it("on stop, aborts running jobs and gives their leases back without counting the attempt", async () => {
    const table = jobTable(["d1", "d2", "d3"]);
    const runs = gatedRuns();
    const r = runner({ jobs: table.repo, run: runs.run });
    r.start();
    await flush();
    await r.stop();
    expect(table.jobs.map((j) => [j.state, j.attempts, j.owner])).toEqual([
      ["queued", 0, null],
      ["queued", 0, null],
      ["queued", 0, null],
    ]);
    r.wake();
    await flush();
    expect(runs.started).toEqual(["d1", "d2"]);
  });

  it("keeps the lease of a job that broke off on a storage error, so it is retried when the lease expires", async () => {
    const table = jobTable(["d1"]);
    const errors: unknown[] = [];
    const r = runner({
      jobs: table.repo,
      run: async () => {
        throw new Error("database is locked");
      },
      logger: { ...silent, error: (obj: object) => void errors.push(obj) },
    });
    r.start();
    await flush();
    expect(errors).toHaveLength(1);
    expect(table.jobs[0]).toMatchObject({ state: "running", owner: "me", attempts: 1 });
    await r.stop();
  });

  it("runNext waits for a free slot, then runs one job; false when none is claimable", async () => {
    const table = jobTable(["d1", "d2"]);
    const runs = gatedRuns();
    const r = runner({ jobs: table.repo, run: runs.run, concurrency: 1 });
    const first = r.runNext();
    await flush();
    const second = r.runNext();
    await flush();
    expect(runs.started).toEqual(["d1"]);
    runs.finish("d1");
    expect(await first).toBe(true);
    await flush();
    expect(runs.started).toEqual(["d1", "d2"]);
    runs.finish("d2");
    expect(await second).toBe(true);
    expect(await r.runNext()).toBe(false);
    await r.stop();
    expect(await r.runNext()).toBe(false);
  });
});
