import type { ChatChunk, ChatRequest, ConnectionTestResult, ModelInfo, ModelProvider } from "../ports/model-provider.js";

/** One scripted model call: the chunks to yield (an `end` chunk is added if missing), or an error to throw. */
export type ScriptedTurn = ChatChunk[] | Error;

/**
 * An in-memory {@link ModelProvider} for unit tests that need no HTTP. Unscripted calls echo the
 * last user message. For the real client path, use `startFakeModelServer` with the OpenAI adapter.
 */
export class ScriptedModelProvider implements ModelProvider {
  readonly id = "scripted";
  readonly requests: ChatRequest[] = [];
  /** How many streams were stopped before they finished (consumer break or abort). */
  stoppedEarly = 0;
  readonly #turns: ScriptedTurn[] = [];

  script(...turns: ScriptedTurn[]): this {
    this.#turns.push(...turns);
    return this;
  }

  async *stream(req: ChatRequest): AsyncGenerator<ChatChunk, void, undefined> {
    this.requests.push(req);
    const turn = this.#turns.shift() ?? [{ type: "text", delta: `Echo: ${lastUserText(req)}` }];
    if (turn instanceof Error) throw turn;
    const chunks = turn.some((c) => c.type === "end")
      ? turn
      : [...turn, { type: "end", finishReason: "stop", usage: { inputTokens: 1, outputTokens: 1 } } satisfies ChatChunk];
    let finished = false;
    try {
      for (const chunk of chunks) {
        req.signal.throwIfAborted();
        yield chunk;
      }
      finished = true;
    } finally {
      if (!finished) this.stoppedEarly++;
    }
  }

  async listModels(): Promise<ModelInfo[]> {
    return [{ id: "scripted" }];
  }

  async testConnection(): Promise<ConnectionTestResult> {
    return { ok: true, latencyMs: 0, modelCount: 1 };
  }
}

function lastUserText(req: ChatRequest): string {
  const last = [...req.messages].reverse().find((m) => m.role === "user");
  if (last?.role !== "user") return "";
  return typeof last.content === "string" ? last.content : last.content.map((p) => (p.type === "text" ? p.text : "")).join("");
}
