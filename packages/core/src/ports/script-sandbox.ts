/** One script execution: JSON in, JSON out, nothing else crosses the boundary. */
export interface ScriptRunRequest {
  /** JavaScript source that defines `function main(inputs) { ... }` (may be async). */
  code: string;
  /** Passed to `main` as one JSON-compatible object. */
  inputs: Record<string, unknown>;
  /** Wall-clock limit for this run. */
  timeoutMs: number;
  /** Cancels the run (the client went away, the workflow failed elsewhere). */
  signal?: AbortSignal;
}

/** Why a script failed; `timeout`, `memory` and `crash` mean the sandbox stopped it. */
export type ScriptErrorKind = "syntax" | "runtime" | "timeout" | "memory" | "output" | "crash" | "aborted";

export type ScriptRunResult =
  | { ok: true; output: unknown; logs: string[]; durationMs: number }
  | { ok: false; kind: ScriptErrorKind; message: string; logs: string[]; durationMs: number };

/**
 * Runs untrusted workflow scripts. Implementations must keep the host out of reach (no
 * `process`, `require`, network or file system), enforce the time and memory limits even
 * against code that never yields, and survive anything a script does: a script can only ever
 * produce a failed result, never an exception or a crash of the caller.
 */
export interface ScriptSandbox {
  run(req: ScriptRunRequest): Promise<ScriptRunResult>;
  /** Stops every worker; pending runs fail with `aborted`. */
  close(): Promise<void>;
}
