import type { AgentEvent, AppTurn, ModelUsage, WorkflowEvent } from "@appstudio/core";
import { wireDocReference, wireThought } from "./envelopes.js";
import { finishedThought, NodeThoughts, unsentPart } from "./workflow-envelopes.js";

/** A thought in its DashScope wire shape (`output.thoughts[]`), agent step or workflow node alike. */
export type WireThought = object;

/** The end of a turn, as the OpenAI-compatible encoders need it. */
export interface AnswerDone {
  type: "done";
  text: string;
  /** `length` when an agent's model hit `max_tokens`. */
  finishReason: "stop" | "length";
  usage: ModelUsage[];
  /** Every thought of the turn; empty unless thoughts were asked for. */
  thoughts: WireThought[];
  /** `doc_references` in their DashScope wire shape; empty when nothing is cited. */
  references: ReturnType<typeof wireDocReference>[];
}

/**
 * A turn reduced to what the OpenAI-compatible view shows, the same for agent and workflow apps:
 * the answer's text deltas, reasoning deltas, thoughts as they happen, then the end.
 */
export type AnswerEvent = { type: "text"; delta: string } | { type: "reasoning"; delta: string } | { type: "thoughts"; thoughts: WireThought[] } | AnswerDone;

/**
 * The answer of a turn as one stream of `AnswerEvent`s. Workflow text is what DashScope's
 * `agent_format` shows: the result of nodes whose "result return" is on.
 */
export function answerEventsOf(turn: AppTurn, withThoughts: boolean): AsyncGenerator<AnswerEvent> {
  return turn.kind === "workflow" ? workflowAnswer(turn.events, withThoughts) : agentAnswer(turn.events);
}

async function* agentAnswer(events: AsyncIterable<AgentEvent>): AsyncGenerator<AnswerEvent> {
  for await (const event of events) {
    switch (event.type) {
      case "text":
      case "reasoning":
        yield { type: event.type, delta: event.delta };
        break;
      case "tool_call":
      case "thought":
        yield { type: "thoughts", thoughts: [wireThought(event.thought)] };
        break;
      case "done":
        yield {
          type: "done",
          text: event.text,
          finishReason: event.finishReason,
          usage: event.usage,
          thoughts: event.thoughts.map(wireThought),
          references: event.references.map(wireDocReference),
        };
        break;
    }
  }
}

async function* workflowAnswer(events: AsyncIterable<WorkflowEvent>, withThoughts: boolean): AsyncGenerator<AnswerEvent> {
  const thoughts = new NodeThoughts();
  const streamedNodes = new Set<string>();
  let text = "";
  for await (const event of events) {
    switch (event.type) {
      case "node_delta":
        if (event.node.returnResult && event.field === "result") {
          streamedNodes.add(event.node.id);
          text += event.delta;
          yield { type: "text", delta: event.delta };
        }
        break;
      case "node_finished": {
        const result = event.outputs.result;
        if (event.status === "succeeded" && event.node.returnResult && !streamedNodes.has(event.node.id) && typeof result === "string" && result !== "") {
          text += result;
          yield { type: "text", delta: result };
        }
        if (withThoughts) yield { type: "thoughts", thoughts: [thoughts.update(event.node, finishedThought(event))] };
        break;
      }
      case "done": {
        const rest = unsentPart(event.text, text);
        if (rest) yield { type: "text", delta: rest };
        yield { type: "done", text: event.text, finishReason: "stop", usage: event.usage, thoughts: thoughts.all(), references: [] };
        break;
      }
    }
  }
}

/** Token totals over every model of the turn. */
export function tokenTotals(usage: ModelUsage[]): { input: number; output: number } {
  return { input: usage.reduce((n, u) => n + u.inputTokens, 0), output: usage.reduce((n, u) => n + u.outputTokens, 0) };
}
