// @ts-check
/**
 * Child process that runs workflow scripts in QuickJS (WebAssembly). Plain JavaScript so it
 * starts with bare `node`, without the TypeScript loader of the parent.
 *
 * Containment, innermost first:
 * - QuickJS has no host objects: no process, require, fetch, file system or timers; the only
 *   function handed in is console.log, which turns its arguments into bounded strings.
 * - Per run: a fresh runtime and context, a memory limit, a stack limit and an interrupt
 *   deadline (stops loops that never yield).
 * - Per process: the WebAssembly memory has a hard maximum, so allocations that QuickJS does
 *   not count still cannot grow past it; V8's own heap is capped by --max-old-space-size.
 * - The parent kills this process when a run overshoots its deadline (a long native call that
 *   never reaches an interrupt check), and replaces it after any run that hit a limit.
 *
 * argv[2]: memory limit in bytes. Messages in: {id, code, inputs (JSON text), timeoutMs,
 * maxOutputChars, maxLogChars}. Messages out: {ready} once, then {id, ok, output | kind+message,
 * logs, durationMs, recycle}.
 */
import variant from "@jitl/quickjs-wasmfile-release-sync";
import { newQuickJSWASMModuleFromVariant, newVariant } from "quickjs-emscripten-core";

const PAGE = 64 * 1024;
const MEMORY_LIMIT = Number(process.argv[2]) || 64 * 1024 * 1024;
/** QuickJS's own structures, the C stack and fragmentation live beside the counted heap. */
const HEADROOM = 32 * 1024 * 1024;
/** Deep enough for ordinary recursion, shallow enough that QuickJS stops before V8's stack does. */
const MAX_STACK = 256 * 1024;

const wasmMemory = new WebAssembly.Memory({ initial: 256, maximum: Math.ceil((MEMORY_LIMIT + HEADROOM) / PAGE) });
const QuickJS = await newQuickJSWASMModuleFromVariant(newVariant(variant, { wasmMemory }));

process.on("disconnect", () => process.exit(0));
process.on("message", (job) => {
  const result = runJob(/** @type {any} */ (job));
  process.send?.(result, undefined, undefined, () => {
    // After a host-level failure the WebAssembly state cannot be trusted: start afresh.
    if (result.recycle) process.exit(0);
  });
});
process.send?.({ ready: true });

/** @param {{id: number, code: string, inputs: string, timeoutMs: number, maxOutputChars: number, maxLogChars: number}} job */
function runJob(job) {
  const started = performance.now();
  /** @type {string[]} */
  const logs = [];
  let logChars = 0;
  const done = (/** @type {Record<string, unknown>} */ fields) => ({ id: job.id, logs, durationMs: Math.round(performance.now() - started), ...fields });
  const deadline = Date.now() + job.timeoutMs;
  let runtime;
  let context;
  /** @type {{dispose(): void}[]} */
  const handles = [];
  const keep = (/** @type {any} */ h) => (handles.push(h), h);
  let recycle = false;
  try {
    runtime = QuickJS.newRuntime();
    runtime.setMemoryLimit(MEMORY_LIMIT);
    runtime.setMaxStackSize(MAX_STACK);
    runtime.setInterruptHandler(() => Date.now() > deadline);
    context = runtime.newContext();
    const ctx = context;

    const consoleObject = keep(ctx.newObject());
    const log = keep(
      ctx.newFunction("log", (...args) => {
        if (logChars >= job.maxLogChars) return;
        const line = args
          .map((a) => {
            const v = ctx.dump(a);
            return typeof v === "string" ? v : JSON.stringify(v);
          })
          .join(" ")
          .slice(0, job.maxLogChars - logChars);
        logChars += line.length;
        logs.push(line);
      }),
    );
    for (const name of ["log", "info", "warn", "error", "debug"]) ctx.setProp(consoleObject, name, log);
    ctx.setProp(ctx.global, "console", consoleObject);

    // Taken before user code runs, so a script that replaces JSON only confuses itself.
    const parse = keep(unwrap(ctx, ctx.evalCode("JSON.parse")));
    const stringify = keep(unwrap(ctx, ctx.evalCode("JSON.stringify")));
    const inputText = keep(ctx.newString(job.inputs));
    const inputs = keep(unwrap(ctx, ctx.callFunction(parse, ctx.undefined, inputText)));

    const main = keep(unwrap(ctx, ctx.evalCode(`${job.code}\n;typeof main === "function" ? main : undefined`, "script.js")));
    if (ctx.typeof(main) !== "function") return done({ ok: false, kind: "runtime", message: "the script must define function main(inputs)" });
    let result = keep(unwrap(ctx, ctx.callFunction(main, ctx.undefined, inputs)));

    // An async main: run its jobs to completion (there are no timers or I/O to wait for).
    const state = ctx.getPromiseState(result);
    if (state.type !== "fulfilled" || state.notAPromise !== true) {
      for (;;) {
        const s = ctx.getPromiseState(result);
        if (s.type === "fulfilled") {
          result = keep(s.value);
          break;
        }
        if (s.type === "rejected") {
          keep(s.error);
          throw new ScriptError(ctx.dump(s.error));
        }
        const ran = runtime.executePendingJobs();
        if (ran.error) {
          keep(ran.error);
          throw new ScriptError(ctx.dump(ran.error));
        }
        ran.dispose?.();
        if (ran.value === 0 && ctx.getPromiseState(result).type === "pending") {
          // An interrupt can end the job queue without an error; past the deadline that is a timeout.
          if (Date.now() > deadline) return done({ ok: false, kind: "timeout", message: "the script ran past its time limit" });
          return done({ ok: false, kind: "runtime", message: "main() returned a promise that never settles" });
        }
      }
    }
    const json = keep(unwrap(ctx, ctx.callFunction(stringify, ctx.undefined, result)));
    if (ctx.typeof(json) !== "string") return done({ ok: true, output: "null" });
    const length = keep(ctx.getProp(json, "length"));
    if (ctx.getNumber(length) > job.maxOutputChars) {
      return done({
        ok: false,
        kind: "output",
        message: `the output is ${ctx.getNumber(length)} characters of JSON; at most ${job.maxOutputChars} are allowed`,
      });
    }
    return done({ ok: true, output: ctx.getString(json) });
  } catch (error) {
    if (error instanceof ScriptError) {
      // Past the deadline, whatever surfaced is the interrupt's doing (it may be wrapped or rethrown).
      if (Date.now() > deadline) return done({ ok: false, kind: "timeout", message: "the script ran past its time limit" });
      return done({ ok: false, ...classify(error.dumped) });
    }
    // The host itself failed (V8 stack exhausted inside WebAssembly, WebAssembly memory full).
    recycle = true;
    const message = error instanceof Error ? error.message : String(error);
    const kind = /memory|allocation|out of bounds|abort/i.test(message) ? "memory" : "crash";
    return done({
      ok: false,
      kind,
      message: kind === "memory" ? `the script exceeded the memory limit (${message})` : `the script crashed the sandbox: ${message}`,
      recycle,
    });
  } finally {
    try {
      for (const h of handles.reverse()) h.dispose();
      context?.dispose();
      runtime?.dispose();
    } catch {
      recycle = true;
    }
  }
}

class ScriptError extends Error {
  /** @param {unknown} dumped */
  constructor(dumped) {
    super("script error");
    this.dumped = dumped;
  }
}

/** @param {any} ctx @param {any} result */
function unwrap(ctx, result) {
  if (result.error) {
    const dumped = ctx.dump(result.error);
    result.error.dispose();
    throw new ScriptError(dumped);
  }
  return result.value;
}

/** @param {any} dumped */
function classify(dumped) {
  // An exception object QuickJS could not even allocate: memory ran out.
  if (dumped === null || dumped === undefined) return { kind: "memory", message: "out of memory" };
  const name = typeof dumped === "object" ? String(dumped.name ?? "Error") : "Error";
  const message = typeof dumped === "object" ? String(dumped.message ?? JSON.stringify(dumped)) : String(dumped);
  if (name === "InternalError" && message === "interrupted") return { kind: "timeout", message: "the script ran past its time limit" };
  if (name === "InternalError" && /out of memory/.test(message)) return { kind: "memory", message: "the script exceeded the memory limit" };
  if (name === "SyntaxError") return { kind: "syntax", message: `${name}: ${message}` };
  const where = typeof dumped === "object" && typeof dumped.stack === "string" ? ` ${dumped.stack.trim().split("\n")[0]}` : "";
  return { kind: "runtime", message: `${name}: ${message}${where}`.slice(0, 2000) };
}
