import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ScriptErrorKind, ScriptRunRequest, ScriptRunResult, ScriptSandbox } from "@appstudio/core";

export interface QuickJsSandboxOptions {
  /** Child processes kept warm; runs beyond that wait in line. Default 2. */
  workers?: number;
  /** QuickJS heap limit per run; the child's WebAssembly memory is capped a little above it. Default 64 MiB. */
  memoryLimitBytes?: number;
  /** Longest JSON text a script may return. Default 1 000 000 characters. */
  maxOutputChars?: number;
  /** Console output kept per run. Default 10 000 characters. */
  maxLogChars?: number;
  /** The child is killed this long after a run's deadline if QuickJS did not stop by itself. Default 500 ms. */
  killGraceMs?: number;
  /** Runs waiting for a worker before new ones are refused. Default 200. */
  maxQueue?: number;
  /** A worker is replaced after this many runs, so nothing accumulates in one process. Default 500. */
  recycleAfter?: number;
}

interface Job {
  req: ScriptRunRequest;
  resolve: (result: ScriptRunResult) => void;
  started: number;
}

interface WorkerMessage {
  id?: number;
  ready?: boolean;
  ok?: boolean;
  output?: string;
  kind?: ScriptErrorKind;
  message?: string;
  logs?: string[];
  recycle?: boolean;
}

const RUNNER = fileURLToPath(new URL("./quickjs-runner.mjs", import.meta.url));
/** Results after which the worker's state is not trusted any more. */
const RECYCLE_KINDS: readonly ScriptErrorKind[] = ["timeout", "memory", "crash", "aborted"];

/**
 * The {@link ScriptSandbox} of the server: QuickJS compiled to WebAssembly, run in a pool of
 * child processes (never node:vm). Each run gets a fresh QuickJS runtime with a memory limit
 * and an interrupt deadline; the parent enforces the deadline again by killing the child, and
 * replaces a child after any run that hit a limit, so a hostile script costs at most one
 * process restart and never the server.
 */
export function createQuickJsSandbox(options: QuickJsSandboxOptions = {}): ScriptSandbox {
  return new QuickJsSandbox({
    workers: options.workers ?? 2,
    memoryLimitBytes: options.memoryLimitBytes ?? 64 * 1024 * 1024,
    maxOutputChars: options.maxOutputChars ?? 1_000_000,
    maxLogChars: options.maxLogChars ?? 10_000,
    killGraceMs: options.killGraceMs ?? 500,
    maxQueue: options.maxQueue ?? 200,
    recycleAfter: options.recycleAfter ?? 500,
  });
}

class Worker {
  readonly ready: Promise<boolean>;
  runs = 0;
  busy = false;
  dead = false;
  private current: ((message: WorkerMessage | null) => void) | undefined;

  constructor(readonly child: ChildProcess) {
    this.ready = new Promise((resolve) => {
      child.once("message", (m: WorkerMessage) => resolve(m.ready === true));
      child.once("exit", () => resolve(false));
    });
    child.on("message", (m: WorkerMessage) => {
      if (m.ready) return;
      const settle = this.current;
      this.current = undefined;
      settle?.(m);
    });
    child.on("exit", () => {
      this.dead = true;
      const settle = this.current;
      this.current = undefined;
      settle?.(null);
    });
    // A broken pipe to a dying child must not become an unhandled error in the server.
    child.on("error", () => {});
  }

  /** Sends one job; resolves with the child's answer, or null if the child died first. */
  send(job: Record<string, unknown>): Promise<WorkerMessage | null> {
    return new Promise((resolve) => {
      this.current = resolve;
      this.child.send(job, (err) => {
        if (err) {
          this.current = undefined;
          resolve(null);
        }
      });
    });
  }

  kill(): void {
    this.dead = true;
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
  }
}

class QuickJsSandbox implements ScriptSandbox {
  private readonly workers: Worker[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly o: Required<QuickJsSandboxOptions>) {}

  run(req: ScriptRunRequest): Promise<ScriptRunResult> {
    if (this.closed) return Promise.resolve(failed("aborted", "the sandbox is shut down", 0));
    if (req.signal?.aborted) return Promise.resolve(failed("aborted", "the run was cancelled", 0));
    if (this.queue.length >= this.o.maxQueue) return Promise.resolve(failed("crash", "too many scripts are waiting to run; try again later", 0));
    return new Promise((resolve) => {
      this.queue.push({ req, resolve, started: performance.now() });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.resolve(failed("aborted", "the sandbox is shut down", 0));
    for (const w of this.workers.splice(0)) w.kill();
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const worker = this.idleWorker();
      if (!worker) return;
      const job = this.queue.shift()!;
      worker.busy = true;
      const started = job.started;
      // A bug in execute() must still answer the job and free the worker: a rejection left
      // unhandled here would end the server process, and the caller would wait forever.
      const crashed = (error: unknown) =>
        failed("crash", `the sandbox failed: ${(error as Error)?.message ?? String(error)}`, Math.round(performance.now() - started));
      void this.execute(worker, job)
        .catch(crashed)
        .then((result) => {
          worker.busy = false;
          job.resolve(result);
          if (worker.dead || worker.runs >= this.o.recycleAfter || (!result.ok && RECYCLE_KINDS.includes(result.kind))) this.retire(worker);
          this.pump();
        });
    }
  }

  private idleWorker(): Worker | undefined {
    const idle = this.workers.find((w) => !w.busy && !w.dead);
    if (idle) return idle;
    if (this.workers.length >= this.o.workers) return undefined;
    const worker = new Worker(
      fork(RUNNER, [String(this.o.memoryLimitBytes)], {
        // Nothing of the server's environment (secrets, NODE_OPTIONS, loaders) reaches the child.
        env: {},
        execArgv: ["--max-old-space-size=128", "--disallow-code-generation-from-strings"],
        stdio: ["ignore", "ignore", "ignore", "ipc"],
        serialization: "json",
      }),
    );
    this.workers.push(worker);
    return worker;
  }

  private retire(worker: Worker): void {
    worker.kill();
    const i = this.workers.indexOf(worker);
    if (i >= 0) this.workers.splice(i, 1);
  }

  private async execute(worker: Worker, job: Job): Promise<ScriptRunResult> {
    const { req } = job;
    const elapsed = () => Math.round(performance.now() - job.started);
    if (!(await worker.ready)) return failed("crash", "the script sandbox could not start", elapsed());
    worker.runs++;
    let inputs: string;
    try {
      inputs = JSON.stringify(req.inputs);
    } catch (error) {
      return failed("runtime", `the inputs cannot be turned into JSON: ${(error as Error).message}`, elapsed());
    }
    let killedFor: ScriptErrorKind | undefined;
    const kill = (kind: ScriptErrorKind) => {
      killedFor ??= kind;
      worker.kill();
    };
    const timer = setTimeout(() => kill("timeout"), req.timeoutMs + this.o.killGraceMs);
    const onAbort = () => kill("aborted");
    req.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const answer = await worker.send({
        id: this.nextId++,
        code: req.code,
        inputs,
        timeoutMs: req.timeoutMs,
        maxOutputChars: this.o.maxOutputChars,
        maxLogChars: this.o.maxLogChars,
      });
      if (!answer) {
        if (killedFor === "timeout") return failed("timeout", `the script ran past its time limit of ${req.timeoutMs} ms and was stopped`, elapsed());
        if (killedFor === "aborted") return failed("aborted", "the run was cancelled", elapsed());
        return failed("crash", "the sandbox process died while running the script (memory or stack exhausted)", elapsed());
      }
      if (answer.recycle) worker.dead = true;
      const logs = answer.logs ?? [];
      if (!answer.ok) return { ...failed(answer.kind ?? "runtime", answer.message ?? "the script failed", elapsed()), logs };
      return { ok: true, output: JSON.parse(answer.output ?? "null"), logs, durationMs: elapsed() };
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener("abort", onAbort);
    }
  }
}

function failed(kind: ScriptErrorKind, message: string, durationMs: number): ScriptRunResult {
  return { ok: false, kind, message, logs: [], durationMs };
}
