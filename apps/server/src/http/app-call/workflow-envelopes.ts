import { addUsage, type CompletionRequest, type ModelUsage, type NodeInfo, type WorkflowEvent } from "@appstudio/core";
import { type Envelope, wireUsage } from "./envelopes.js";

type Done = WorkflowEvent & { type: "done" };
type Ids = { sessionId: string; requestId: string };
type FlowStreamMode = "full_thoughts" | "agent_format" | "message_format" | "message_format_plus";

const MODES: readonly string[] = ["full_thoughts", "agent_format", "message_format", "message_format_plus"];

/** `output.thoughts[]` entry of a node in `full_thoughts` mode; `response` is JSON text. */
interface NodeThought {
  action_type: "workflow";
  action_name: string;
  action: string;
  response: string;
}

/**
 * Turns workflow events into the DashScope envelopes of `parameters.flow_stream_mode`:
 *
 * - `message_format_plus`: every node in `output.workflow_message`; streaming nodes (LLM, App
 *   component, a streaming End) send `executing` packets with deltas, then a `success` packet
 *   with empty content; other nodes one `success` packet with their outputs as JSON text. LLM
 *   content is itself JSON text `{"result","reasoningContent"}`.
 * - `message_format`: only nodes whose streaming switch is on (a streaming End), same packets.
 * - `agent_format`: like an agent app, `output.text` from nodes whose "result return" is on.
 * - `full_thoughts` (default): `output.text` as agent_format, plus each node's status as
 *   `output.thoughts` when `has_thoughts` is set.
 *
 * `workflow_message.message.content` is always a delta, whatever `incremental_output` says;
 * `text` follows `incremental_output`. The last envelope has no `workflow_message` and
 * `finish_reason: "stop"`. Without `incremental_output` its `text` is the whole answer. With
 * it, `text` carries only what no earlier envelope sent: clients (the DashScope Python SDK)
 * join the deltas, so text sent twice would come out twice. In the message modes nothing
 * went out as `text` before, so the last envelope still carries the whole answer; in
 * `agent_format` and `full_thoughts` it is empty once the answer has streamed, as for agents.
 */
export async function* workflowEnvelopesOf(
  events: AsyncIterable<WorkflowEvent>,
  request: CompletionRequest,
  ids: Ids,
): AsyncGenerator<{ envelope: Envelope; final: Done | null }> {
  const mode = (MODES.includes(request.flowStreamMode) ? request.flowStreamMode : "full_thoughts") as FlowStreamMode;
  const incremental = request.incrementalOutput;
  const usage: ModelUsage[] = [];
  const seq = new Map<string, number>();
  const thoughts = new NodeThoughts();
  let text = "";

  const message = (node: NodeInfo, status: "executing" | "success" | "failed", content: string, completed: boolean): Envelope => {
    const n = (seq.get(node.id) ?? 0) + 1;
    seq.set(node.id, n);
    return {
      // Key order as in the documented transcripts (JSON key order is not significant).
      output: {
        session_id: ids.sessionId,
        workflow_message: {
          node_status: status,
          node_type: node.type,
          node_msg_seq_id: n,
          node_name: node.name,
          message: { content, role: "assistant" },
          node_is_completed: completed,
          node_id: node.id,
        },
        finish_reason: "null",
      },
      usage: wireUsage(usage),
      request_id: ids.requestId,
    };
  };
  const textEnvelope = (delta: string, nodeThoughts?: NodeThought[]): Envelope => ({
    output: { session_id: ids.sessionId, finish_reason: "null", text: incremental ? delta : text, ...(nodeThoughts ? { thoughts: nodeThoughts } : {}) },
    usage: wireUsage(usage),
    request_id: ids.requestId,
  });
  const messageModes = mode === "message_format" || mode === "message_format_plus";
  const streams = (node: NodeInfo) => mode === "message_format_plus" || (mode === "message_format" && node.streamOutput);
  const withThoughts = mode === "full_thoughts" && request.hasThoughts;
  const textDeltas = new Set<string>();

  for await (const event of events) {
    switch (event.type) {
      case "node_started":
        if (withThoughts) {
          const changed = thoughts.update(event.node, { nodeStatus: "executing" });
          yield { envelope: textEnvelope("", incremental ? [changed] : thoughts.all()), final: null };
        }
        break;
      case "node_delta":
        if (messageModes) {
          if (!streams(event.node)) break;
          const content = event.node.type === "LLM" ? llmContent(event.field, event.delta) : event.delta;
          yield { envelope: message(event.node, "executing", content, false), final: null };
        } else if (event.node.returnResult && event.field === "result") {
          textDeltas.add(event.node.id);
          text += event.delta;
          yield { envelope: textEnvelope(event.delta), final: null };
        }
        break;
      case "node_finished": {
        addUsage(usage, event.usage);
        const failed = event.status === "failed";
        if (messageModes) {
          if (!streams(event.node)) break;
          const streamed = seq.has(event.node.id);
          const content = failed ? (event.error?.message ?? "") : streamed ? "" : nodeContent(event.node, event.outputs);
          yield { envelope: message(event.node, failed ? "failed" : "success", content, true), final: null };
          break;
        }
        const result = event.outputs.result;
        const resultText = !failed && event.node.returnResult && !textDeltas.has(event.node.id) && typeof result === "string" && result !== "" ? result : "";
        if (resultText) text += resultText;
        const changed = withThoughts ? thoughts.update(event.node, finishedThought(event)) : undefined;
        if (resultText || changed) yield { envelope: textEnvelope(resultText, changed ? (incremental ? [changed] : thoughts.all()) : undefined), final: null };
        break;
      }
      case "done":
        yield {
          envelope: {
            output: {
              session_id: ids.sessionId,
              finish_reason: "stop",
              text: incremental ? unsentPart(event.text, text) : event.text,
              ...(withThoughts && !incremental ? { thoughts: thoughts.all() } : {}),
            },
            usage: wireUsage(event.usage),
            request_id: ids.requestId,
          },
          final: event,
        };
        break;
    }
  }
}

/** The non-streaming body of a workflow run: the answer, and node thoughts when `has_thoughts` is set. */
export async function workflowFinalBody(events: AsyncIterable<WorkflowEvent>, request: CompletionRequest, ids: Ids): Promise<{ body: Envelope; done: Done }> {
  const thoughts = new NodeThoughts();
  for await (const event of events) {
    if (event.type === "node_finished" && request.hasThoughts) thoughts.update(event.node, finishedThought(event));
    if (event.type === "done") {
      return {
        done: event,
        body: {
          output: { text: event.text, finish_reason: "stop", session_id: ids.sessionId, ...(request.hasThoughts ? { thoughts: thoughts.all() } : {}) },
          usage: wireUsage(event.usage),
          request_id: ids.requestId,
        },
      };
    }
  }
  throw new Error("the workflow run ended without a final event");
}

/**
 * What of the answer the deltas so far have not said. Deltas that are not a prefix of the
 * answer (several nodes with "result return" on) already said everything the caller gets.
 */
export function unsentPart(answer: string, sent: string): string {
  return answer.startsWith(sent) ? answer.slice(sent.length) : "";
}

function llmContent(field: string, delta: string): string {
  return JSON.stringify({ result: field === "result" ? delta : "", reasoningContent: field === "reasoningContent" ? delta : "" });
}

/** What a node that did not stream says in its one packet. */
function nodeContent(node: NodeInfo, outputs: Record<string, unknown>): string {
  if (node.type === "End") return typeof outputs.result === "string" ? outputs.result : JSON.stringify(outputs);
  if (node.type === "LLM") return JSON.stringify({ result: outputs.result ?? "", reasoningContent: outputs.reasoningContent ?? "" });
  return JSON.stringify(outputs);
}

export function finishedThought(event: WorkflowEvent & { type: "node_finished" }): Record<string, unknown> {
  return {
    nodeStatus: event.status === "succeeded" ? "success" : "failed",
    nodeExecTime: `${Math.round(event.durationMs)}ms`,
    ...(event.status === "succeeded" ? { nodeResult: JSON.stringify(event.outputs) } : { nodeError: event.error }),
  };
}

/** Latest status of each node, in the order nodes started. */
export class NodeThoughts {
  private readonly byNode = new Map<string, NodeThought>();

  update(node: NodeInfo, status: Record<string, unknown>): NodeThought {
    const thought: NodeThought = {
      action_type: "workflow",
      action_name: node.name,
      action: node.type,
      response: JSON.stringify({ nodeId: node.id, nodeName: node.name, nodeType: node.type, ...status }),
    };
    this.byNode.set(node.id, thought);
    return thought;
  }

  all(): NodeThought[] {
    return [...this.byNode.values()];
  }
}
