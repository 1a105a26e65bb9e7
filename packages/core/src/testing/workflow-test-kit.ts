import { vi } from "vitest";
import type { WorkflowEdge, WorkflowGraph, WorkflowNode } from "../apps/app-types.js";
import type { ChatChunk, ChatRequest, ModelProvider, ModelRouter } from "../ports/model-provider.js";
import type { ScriptSandbox } from "../ports/script-sandbox.js";
import type { ToolHttpClient, ToolHttpRequest, ToolHttpResponse } from "../ports/tool-http-client.js";
import { startWorkflowRun } from "../workflows/run-workflow.js";
import type { WorkflowDeps, WorkflowEvent } from "../workflows/workflow-types.js";
import { InMemoryWorkflowRuns } from "./in-memory-workflow-runs.js";

/** Test helpers for the engine (not exported from the package). */

export const n = (id: string, config: Record<string, unknown> = {}, name = id): WorkflowNode => ({ id, type: id.split("_")[0]!, name, config });
export const e = (source: string, target: string, sourceHandle?: string): WorkflowEdge =>
  sourceHandle ? { source, target, sourceHandle } : { source, target };
export const g = (nodes: WorkflowNode[], edges: WorkflowEdge[], kind?: "task" | "dialog"): WorkflowGraph => ({ ...(kind ? { kind } : {}), nodes, edges });

export const START = n("Start_0000", { variables: [] });
export const end = (template: string, extra: Record<string, unknown> = {}) => n("End_0000", { mode: "text", template, stream: true, ...extra });

export interface FakeAnswer {
  text?: string;
  reasoning?: string;
  /** Text is split into this many deltas. */
  chunks?: number;
  delayMs?: number;
  error?: Error;
}

/** A model whose answer is computed from the request, so concurrent nodes get stable answers. */
export class FunctionModel implements ModelProvider, ModelRouter {
  readonly id = "fn";
  readonly requests: ChatRequest[] = [];
  active = 0;
  maxActive = 0;

  constructor(private readonly answer: (req: ChatRequest, userText: string) => FakeAnswer = (_r, u) => ({ text: `Echo: ${u}` })) {}

  async resolve(modelId: string) {
    return { provider: this, upstreamModel: modelId };
  }

  async *stream(req: ChatRequest): AsyncGenerator<ChatChunk> {
    this.requests.push(req);
    const last = [...req.messages].reverse().find((m) => m.role === "user");
    const userText = typeof last?.content === "string" ? last.content : "";
    const a = this.answer(req, userText);
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      if (a.delayMs) await sleep(a.delayMs, req.signal);
      if (a.error) throw a.error;
      if (a.reasoning) yield { type: "reasoning", delta: a.reasoning };
      for (const piece of split(a.text ?? "", a.chunks ?? 2)) {
        req.signal.throwIfAborted();
        yield { type: "text", delta: piece };
        await Promise.resolve();
      }
      yield { type: "end", finishReason: "stop", usage: { inputTokens: 10, outputTokens: 5 } };
    } finally {
      this.active--;
    }
  }

  async listModels() {
    return [];
  }

  async testConnection() {
    return { ok: true as const, latencyMs: 0, modelCount: 0 };
  }
}

function split(text: string, parts: number): string[] {
  if (text === "") return [];
  const size = Math.ceil(text.length / parts);
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(t);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

export class FakeHttp implements ToolHttpClient {
  readonly requests: ToolHttpRequest[] = [];
  constructor(private readonly reply: (req: ToolHttpRequest) => ToolHttpResponse | Promise<ToolHttpResponse> = () => ({ status: 200, body: "{}" })) {}
  async request(req: ToolHttpRequest) {
    this.requests.push(req);
    return this.reply(req);
  }
}

export function testDeps(over: Partial<WorkflowDeps> = {}): WorkflowDeps & { runs: InMemoryWorkflowRuns; models: FunctionModel } {
  return {
    models: new FunctionModel(),
    toolClient: new FakeHttp(),
    clock: { now: () => new Date() },
    runs: new InMemoryWorkflowRuns(),
    ...over,
  } as WorkflowDeps & { runs: InMemoryWorkflowRuns; models: FunctionModel };
}

export interface RunOutcome {
  runId: string;
  events: WorkflowEvent[];
  text: string | undefined;
  error: (Error & { code?: string; details?: Record<string, unknown> }) | undefined;
  /** node id → status of its node_finished event. */
  finished: Record<string, string>;
}

export async function runGraph(
  deps: WorkflowDeps,
  graph: WorkflowGraph,
  call: { prompt?: string; bizParams?: Record<string, unknown>; history?: { role: "user" | "assistant"; content: string }[]; signal?: AbortSignal } = {},
): Promise<RunOutcome> {
  const started = startWorkflowRun(deps, {
    graph,
    call: {
      appId: "a".repeat(32),
      workspaceId: "ws-aaaaaaaaaaaaaaaa",
      prompt: call.prompt ?? "hello",
      history: call.history ?? [],
      imageList: [],
      bizParams: call.bizParams ?? {},
      parameters: {},
    },
    signal: call.signal ?? new AbortController().signal,
    record: { requestId: "req-1", source: "api", appVersion: 1, sessionId: null },
  });
  const events: WorkflowEvent[] = [];
  let error: RunOutcome["error"];
  try {
    for await (const ev of started.events) events.push(ev);
  } catch (err) {
    error = err as RunOutcome["error"];
  }
  const done = events.find((ev) => ev.type === "done");
  const finished: Record<string, string> = {};
  for (const ev of events) if (ev.type === "node_finished") finished[ev.node.id] = ev.status;
  return { runId: started.runId, events, text: done?.type === "done" ? done.text : undefined, error, finished };
}

/** `type:node` labels of the events, to assert orders compactly. */
export const trace = (events: WorkflowEvent[]) =>
  events.map((ev) =>
    ev.type === "done"
      ? "done"
      : ev.type === "node_delta"
        ? `delta:${ev.node.id}:${ev.delta}`
        : `${ev.type === "node_started" ? "start" : ev.status}:${ev.node.id}`,
  );

export const stubSandbox = (run: ScriptSandbox["run"]): ScriptSandbox => ({ run, close: async () => {} });

/**
 * With fake timers on (`vi.useFakeTimers()`): advances the clock by `ms` and returns what `work`
 * settled with meanwhile, or `undefined` when it is still pending. Shows that a run did not wait
 * for a slow fake (a 2 s model call) without measuring wall-clock time.
 */
export async function settledWithin<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let result: { value: T } | undefined;
  let failure: { error: unknown } | undefined;
  work.then(
    (value) => {
      result = { value };
    },
    (error: unknown) => {
      failure = { error };
    },
  );
  await vi.advanceTimersByTimeAsync(ms);
  if (failure) throw failure.error;
  return result?.value;
}
