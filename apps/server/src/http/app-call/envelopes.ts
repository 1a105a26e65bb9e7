import {
  type AgentEvent,
  type AgentThought,
  CitationTracker,
  type CompletionRequest,
  type DocReference,
  type ModelUsage,
  passThrough,
  SKIP,
} from "@appstudio/core";

/** `output.thoughts[]` element as DashScope sends it. */
export function wireThought(t: AgentThought) {
  return {
    action_type: t.actionType,
    action_name: t.actionName,
    action: t.action,
    ...(t.thought !== undefined ? { thought: t.thought } : {}),
    ...(t.arguments !== undefined ? { action_input_stream: t.arguments, arguments: t.arguments } : {}),
    ...(t.actionInput !== undefined ? { action_input: t.actionInput } : {}),
    ...(t.observation !== undefined ? { observation: t.observation } : {}),
  };
}

/** `output.doc_references[]` element as Model Studio sends it. */
export function wireDocReference(r: DocReference) {
  return {
    index_id: String(r.index),
    doc_id: r.documentId,
    doc_name: r.documentName,
    title: r.title,
    text: r.text,
    page_number: r.pages,
    images: [] as string[],
  };
}

/** `{doc_references}` for an output, or nothing: the field is left out when no source is cited. */
const docReferences = (refs: DocReference[]) => (refs.length > 0 ? { doc_references: refs.map(wireDocReference) } : {});

export function wireUsage(usage: ModelUsage[]) {
  return usage.length === 0 ? {} : { models: usage.map((u) => ({ model_id: u.modelId, input_tokens: u.inputTokens, output_tokens: u.outputTokens })) };
}

export interface Envelope {
  output: Record<string, unknown>;
  usage: Record<string, unknown>;
  request_id: string;
}

/**
 * Turns run events into DashScope envelopes, one per SSE event. With `incremental_output`
 * each envelope carries only what is new and the last one an empty text; without it, every
 * envelope carries everything so far and the last one the whole answer.
 *
 * `doc_references` appear once the answer cites a source and are repeated in full on every
 * later envelope, as Model Studio does; the last one lists the final citations (every source
 * given when the answer cites none).
 */
export function envelopesOf(
  events: AsyncIterable<AgentEvent>,
  request: CompletionRequest,
  ids: { sessionId: string; requestId: string },
): AsyncIterableIterator<{ envelope: Envelope; final: (AgentEvent & { type: "done" }) | null }> {
  const incremental = request.incrementalOutput;
  let text = "";
  let reasoning = "";
  let citations = new CitationTracker([]);
  const base = (output: Record<string, unknown>, usage: Record<string, unknown> = {}): Envelope => ({
    output: { session_id: ids.sessionId, finish_reason: "null", ...output, ...docReferences(citations.citedSources()) },
    usage,
    request_id: ids.requestId,
  });
  // A pass-through rather than an async generator: see `passThrough` for why it matters to streams that wait.
  return passThrough(events[Symbol.asyncIterator](), {
    each(event) {
      switch (event.type) {
        case "text":
          text += event.delta;
          citations.add(event.delta);
          return { envelope: base({ text: incremental ? event.delta : text }), final: null };
        case "reasoning":
          reasoning += event.delta;
          return {
            envelope: base({
              text: incremental ? "" : text,
              thoughts: [{ action_type: "reasoning", action_name: "思考过程", action: "reasoning", thought: incremental ? event.delta : reasoning }],
            }),
            final: null,
          };
        case "tool_call":
        case "thought":
          return { envelope: base({ text: incremental ? "" : text, thoughts: [wireThought(event.thought)] }), final: null };
        case "sources":
          // Kept for the citations to come; nothing to send yet.
          citations = new CitationTracker(event.sources);
          return SKIP;
        case "done":
          return {
            envelope: base(
              {
                text: incremental ? "" : event.text,
                finish_reason: "stop",
                ...(request.hasThoughts && !incremental && event.thoughts.length > 0 ? { thoughts: event.thoughts.map(wireThought) } : {}),
                ...docReferences(event.references),
              },
              wireUsage(event.usage),
            ),
            final: event,
          };
      }
    },
  });
}

/** The non-streaming body: the final answer with every thought. */
export function finalBody(done: AgentEvent & { type: "done" }, request: CompletionRequest, ids: { sessionId: string; requestId: string }): Envelope {
  return {
    output: {
      text: done.text,
      finish_reason: "stop",
      session_id: ids.sessionId,
      ...(request.hasThoughts ? { thoughts: done.thoughts.map(wireThought) } : {}),
      ...docReferences(done.references),
    },
    usage: wireUsage(done.usage),
    request_id: ids.requestId,
  };
}
