import type { RunEnvelope } from "../../api/test-run";

type NodeStatus = "executing" | "success" | "failed";

/** What the test-run panel knows about one node from its streamed packets. */
export interface NodeProgress {
  nodeId: string;
  nodeName: string;
  nodeType: string;
  status: NodeStatus;
  packets: number;
  /** Accumulated content: deltas of streaming nodes, the outputs JSON of others, an error message. */
  content: string;
  /** LLM nodes: the accumulated `result` and `reasoningContent` deltas. */
  result: string;
  reasoning: string;
}

export interface RunProgress {
  nodes: NodeProgress[];
  /** The final answer (`text` of the `finish_reason: "stop"` event). */
  answer: string;
  done: boolean;
  requestId?: string;
  sessionId?: string;
  usage?: string;
}

export const emptyProgress = (): RunProgress => ({ nodes: [], answer: "", done: false });

function llmDelta(content: string): { result: string; reasoning: string } | undefined {
  try {
    const parsed = JSON.parse(content) as { result?: unknown; reasoningContent?: unknown };
    if (parsed && typeof parsed === "object") {
      return {
        result: typeof parsed.result === "string" ? parsed.result : "",
        reasoning: typeof parsed.reasoningContent === "string" ? parsed.reasoningContent : "",
      };
    }
  } catch {
    // not the JSON of an LLM delta
  }
  return undefined;
}

function usageText(envelope: RunEnvelope): string | undefined {
  const models = envelope.usage?.models ?? [];
  if (models.length === 0) return undefined;
  return models.map((m) => `${m.model_id}: ${m.input_tokens} in / ${m.output_tokens} out`).join(", ");
}

/**
 * Folds one `message_format_plus` envelope into the run's progress: node packets update their
 * node (in order of first appearance), the final event sets the answer.
 */
export function applyEnvelope(state: RunProgress, envelope: RunEnvelope): RunProgress {
  const next: RunProgress = { ...state };
  if (envelope.request_id) next.requestId = envelope.request_id;
  if (envelope.output.session_id) next.sessionId = envelope.output.session_id;
  const usage = usageText(envelope);
  if (usage) next.usage = usage;
  const message = envelope.output.workflow_message;
  if (message) {
    const index = state.nodes.findIndex((n) => n.nodeId === message.node_id);
    const prev: NodeProgress = state.nodes[index] ?? {
      nodeId: message.node_id,
      nodeName: message.node_name,
      nodeType: message.node_type,
      status: "executing",
      packets: 0,
      content: "",
      result: "",
      reasoning: "",
    };
    const content = message.message?.content ?? "";
    const node: NodeProgress = { ...prev, status: message.node_status, packets: prev.packets + 1 };
    if (message.node_status === "failed") node.content = content || prev.content;
    else {
      node.content = prev.content + content;
      const delta = message.node_type === "LLM" && content ? llmDelta(content) : undefined;
      if (delta) {
        node.result = prev.result + delta.result;
        node.reasoning = prev.reasoning + delta.reasoning;
      }
    }
    next.nodes = index >= 0 ? state.nodes.map((n, i) => (i === index ? node : n)) : [...state.nodes, node];
  } else if (envelope.output.finish_reason === "stop") {
    next.answer = envelope.output.text ?? "";
    next.done = true;
  }
  return next;
}

/** What a node's packets add up to, for display: an LLM's text, else the content as sent. */
export function displayContent(node: NodeProgress): string {
  if (node.nodeType === "LLM" && node.status !== "failed") return node.result || node.reasoning;
  return node.content;
}
