import { ConnectionError } from "@appstudio/sdk";
import { ApiError, type FieldProblem, manageWith } from "./client";
import type { DocReference } from "./types";

export interface Thought {
  action_type?: string;
  action?: string;
  action_name?: string;
  action_input?: unknown;
  /** JSON text of the step's input (knowledge and memory retrieval). */
  action_input_stream?: string;
  arguments?: string;
  observation?: unknown;
  thought?: string;
  response?: string;
}

/** A workflow node's packet in `message_format_plus` / `message_format` (docs/workflows.md). */
export interface WorkflowMessage {
  node_id: string;
  node_name: string;
  node_type: string;
  node_status: "executing" | "success" | "failed";
  node_is_completed: boolean;
  node_msg_seq_id: number;
  message: { role: string; content: string };
}

export interface RunEnvelope {
  output: {
    text?: string;
    finish_reason?: string;
    session_id?: string;
    thoughts?: Thought[];
    doc_references?: DocReference[] | null;
    workflow_message?: WorkflowMessage;
  };
  usage?: { models?: { model_id: string; input_tokens: number; output_tokens: number }[] };
  request_id?: string;
}

export interface TestRunRequest {
  version: "draft" | "published";
  input: { prompt: string; session_id?: string; memory_id?: string; biz_params?: Record<string, unknown> };
  parameters: {
    incremental_output?: boolean;
    has_thoughts?: boolean;
    flow_stream_mode?: "full_thoughts" | "agent_format" | "message_format" | "message_format_plus";
  };
}

export class RunError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly requestId?: string,
    readonly status?: number,
    /** `details.fields` of a 400 InvalidParameter: each invalid field (graph or biz_params). */
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
    this.name = "RunError";
  }
}

/**
 * Calls the app through the console's test-run route (the sdk's `testRun`) and yields each
 * envelope as it streams. Errors before the stream starts and `event:error` both become RunErrors.
 */
export async function* streamTestRun(appId: string, request: TestRunRequest, signal: AbortSignal): AsyncGenerator<RunEnvelope> {
  try {
    for await (const envelope of manageWith(signal).testRun(appId, request)) yield envelope as RunEnvelope;
  } catch (e) {
    if (e instanceof SyntaxError) throw new RunError("BadStream", `Unreadable event from the server: ${e.message}`);
    if (e instanceof ConnectionError) throw new RunError("NetworkError", "The server could not be reached. Check that appstudio is running.");
    if (!(e instanceof ApiError)) throw e;
    if (e.status === 404 && e.message.includes("No route")) {
      throw new RunError("NotAvailable", "The test-run endpoint is not available on this server yet.", e.requestId, 404);
    }
    throw new RunError(e.code, e.message, e.requestId, e.status, e.fields);
  }
}
