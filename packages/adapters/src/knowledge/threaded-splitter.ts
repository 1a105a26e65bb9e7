import { Worker } from "node:worker_threads";
import { AppError, type ChunkDraft, type DocumentSplitter, type ErrorCode, errorCodes } from "@appstudio/core";

export interface ThreadedSplitterOptions {
  /** Longest a document may take to parse and chunk; then its thread is stopped. Default 300 s. */
  timeoutMs?: number;
  /** Heap of a parsing thread. Default 1024 MiB. */
  memoryMb?: number;
  /** Threads kept warm between documents (starting one costs a few hundred ms). Default 2. */
  idleThreads?: number;
  /** A thread is replaced after this many documents, so nothing piles up in its heap. Default 50. */
  recycleAfter?: number;
  /** The worker module (tests swap in one that misbehaves); default `split-worker.ts`. */
  entry?: URL;
}

/** What the parent sends the worker, one request at a time. */
export interface SplitRequest {
  content: Uint8Array;
  format: string;
  chunking: { chunkTokens: number; overlapTokens: number };
}

/** What the worker answers: a stage, then a result or an error. */
export type SplitMessage =
  | { type: "chunking" }
  | { type: "done"; chunks: ChunkDraft[]; pageCount: number | null }
  | { type: "failed"; code?: string; message: string; stack?: string };

export interface ThreadedSplitter extends DocumentSplitter {
  /** Ends the warm threads (server shutdown); documents being split are aborted by their own signals. */
  close(): Promise<void>;
}

type SplitResult = Awaited<ReturnType<DocumentSplitter["split"]>>;

const BOOTSTRAP = new URL("./worker-bootstrap.mjs", import.meta.url);
// From the sources this module is a .ts file; bundled (scripts/build.mjs) it sits beside split-worker.js.
const DEFAULT_ENTRY = new URL(import.meta.url.endsWith(".ts") ? "./split-worker.ts" : "./split-worker.js", import.meta.url);

/**
 * A {@link DocumentSplitter} that parses and chunks in worker threads, so a large PDF never
 * stalls the server's event loop. Each thread has a heap limit and each document a deadline;
 * running out of either, or a crash, ends that thread and fails that document only. A thread
 * that answered is kept for the next document.
 */
export function createThreadedSplitter(options: ThreadedSplitterOptions = {}): ThreadedSplitter {
  const timeoutMs = options.timeoutMs ?? 300_000;
  const memoryMb = options.memoryMb ?? 1024;
  const idleThreads = options.idleThreads ?? 2;
  const recycleAfter = options.recycleAfter ?? 50;
  const entry = (options.entry ?? DEFAULT_ENTRY).href;
  const idle: SplitThread[] = [];
  let closed = false;

  return {
    async split(input, { signal, onChunking }) {
      signal?.throwIfAborted();
      let thread = idle.pop();
      while (thread?.exited) thread = idle.pop();
      thread ??= new SplitThread(entry, memoryMb);
      const request: SplitRequest = { content: input.content, format: input.format, chunking: input.chunking };
      const outcome = await thread.run(request, { timeoutMs, memoryMb, ...(signal ? { signal } : {}), ...(onChunking ? { onChunking } : {}) });
      if (outcome.answered && !closed && thread.uses < recycleAfter && idle.length < idleThreads) idle.push(thread);
      else await thread.end();
      if ("error" in outcome) throw outcome.error;
      return outcome.result;
    },
    async close() {
      closed = true;
      await Promise.all(idle.splice(0).map((t) => t.end()));
    },
  };
}

/** One worker thread that splits one document at a time. */
class SplitThread {
  private readonly worker: Worker;
  private listener: ((event: { message?: SplitMessage; error?: Error; exit?: number }) => void) | undefined;
  uses = 0;
  /** Set when the thread is gone, so a warm one that died meanwhile is never handed work. */
  exited = false;

  constructor(entry: string, memoryMb: number) {
    this.worker = new Worker(BOOTSTRAP, {
      workerData: { entry },
      resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.ceil(memoryMb / 4)), stackSizeMb: 4 },
      stdout: false,
      stderr: false,
    });
    // A warm thread waiting for work must not keep the process alive.
    this.worker.unref();
    this.worker.on("message", (message: SplitMessage) => this.listener?.({ message }));
    this.worker.on("error", (error: Error) => this.listener?.({ error }));
    this.worker.on("exit", (exit) => {
      this.exited = true;
      this.listener?.({ exit });
    });
  }

  /** Splits one document; `answered` tells whether the thread is fit for another. */
  run(
    request: SplitRequest,
    o: { timeoutMs: number; memoryMb: number; signal?: AbortSignal; onChunking?: () => void },
  ): Promise<{ answered: boolean } & ({ result: SplitResult } | { error: unknown })> {
    this.uses++;
    this.worker.ref();
    return new Promise((resolve) => {
      const settle = (outcome: { answered: boolean } & ({ result: SplitResult } | { error: unknown })) => {
        this.listener = undefined;
        this.worker.unref();
        clearTimeout(deadline);
        o.signal?.removeEventListener("abort", onAbort);
        resolve(outcome);
      };
      const deadline = setTimeout(() => {
        const seconds = Math.round(o.timeoutMs / 1000);
        settle({
          answered: false,
          error: new AppError("RequestTimeOut", `Parsing took longer than ${seconds} s and was stopped; split the file into smaller ones.`),
        });
      }, o.timeoutMs);
      const onAbort = () => settle({ answered: false, error: o.signal?.reason ?? new Error("aborted") });
      o.signal?.addEventListener("abort", onAbort, { once: true });

      this.listener = ({ message, error, exit }) => {
        if (message?.type === "chunking") o.onChunking?.();
        else if (message?.type === "done") settle({ answered: true, result: { chunks: message.chunks, pageCount: message.pageCount } });
        else if (message?.type === "failed") settle({ answered: true, error: toError(message) });
        else if ((error as { code?: string } | undefined)?.code === "ERR_WORKER_OUT_OF_MEMORY") {
          settle({
            answered: false,
            error: new AppError(
              "BadRequest.TooLarge",
              `Parsing needed more than ${o.memoryMb} MB of memory and was stopped; split the file into smaller ones.`,
            ),
          });
        } else if (error) settle({ answered: false, error });
        else settle({ answered: false, error: new Error(`the parsing thread exited (code ${exit}) without an answer`) });
      };
      // A copy the thread owns: the bytes may share a pooled buffer with other data.
      const content = request.content.slice();
      this.worker.postMessage({ ...request, content }, [content.buffer]);
    });
  }

  async end(): Promise<void> {
    this.listener = undefined;
    await this.worker.terminate();
  }
}

/** Rebuilds the worker's error: our own (`AppError`) errors keep their code and user-facing message. */
function toError(message: Extract<SplitMessage, { type: "failed" }>): Error {
  if (message.code && (errorCodes as readonly string[]).includes(message.code)) return new AppError(message.code as ErrorCode, message.message);
  const error = new Error(message.message);
  if (message.stack) error.stack = message.stack;
  return error;
}
