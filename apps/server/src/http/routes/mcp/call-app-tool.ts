import { AppError, type CallLogEntry, type CompletionBody, parseCompletionBody } from "@appstudio/core";
import type { CallToolResult, ServerNotification } from "@modelcontextprotocol/sdk/types.js";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Container } from "../../../container.js";
import { answerEventsOf } from "../../app-call/answer-events.js";
import { enforceRateLimits } from "../../app-call/enforce-rate-limits.js";
import { serveAppCall } from "../../app-call/serve-app-call.js";
import type { CallOutcome } from "../../app-call/stream-turn.js";
import { statusOf } from "../../error-table.js";
import { toAppError } from "../../to-app-error.js";
import type { AppTool } from "./app-tools.js";

/** What the tool call can send back while it runs: progress, when the client asked for it. */
export interface ToolCallProgress {
  progressToken: string | number | undefined;
  sendNotification: (notification: ServerNotification) => Promise<void>;
}

interface Answer {
  text: string;
  sessionId: string;
  references: unknown[];
}

/**
 * Runs an app as a tool call, through the same serving path as `POST /api/v1/apps/{id}/completion`:
 * the key's and the app's rate limits, the completion input rules (`parseCompletionBody`),
 * `serveAppCall` (the turn, sessions, the call log with source `mcp`). Every refusal or failure
 * becomes a tool result with `isError` (the code and documented message), so the model calling
 * the tool sees why; a refusal before the turn starts is logged as a refused call.
 */
export async function callAppTool(
  container: Container,
  request: FastifyRequest,
  reply: FastifyReply,
  target: AppTool,
  args: Record<string, unknown> | undefined,
  progress: ToolCallProgress,
): Promise<CallToolResult> {
  const { key, workspace } = request.appCaller;
  const context = { source: "mcp" as const, workspaceId: workspace.id, apiKeyId: key.id, keyPrefix: key.prefix, userId: null };
  // Set by the answer callback below; read once serveAppCall has returned.
  const answer: { value: Answer | null } = { value: null };
  const startedAt = Date.now();
  let parsed: ReturnType<typeof parseCompletionBody>;
  try {
    await enforceRateLimits(container, target.app.id, key.id);
    parsed = parseCompletionBody(completionBodyOf(args));
  } catch (error) {
    const { appError } = toAppError(error);
    container.callLog.recordRefused(refusedEntry(request, target, context, appError, startedAt));
    return toolError(appError, request.id);
  }
  try {
    await serveAppCall(container, request, reply, context, { app: target.app, config: target.version.config, parsed }, async (_request, _reply, turn) => {
      let text = "";
      let references: unknown[] = [];
      let chunks = 0;
      let done: CallOutcome["done"] = null;
      for await (const event of answerEventsOf(turn, false)) {
        if (event.type === "text") {
          text += event.delta;
          if (progress.progressToken !== undefined && event.delta !== "") {
            chunks += 1;
            await progress.sendNotification({
              method: "notifications/progress",
              params: { progressToken: progress.progressToken, progress: chunks, message: event.delta },
            });
          }
        } else if (event.type === "done") {
          text = event.text;
          references = event.references;
          done = { text: event.text, usage: event.usage };
        }
      }
      if (!done) throw new Error("the run ended without a final event");
      answer.value = { text, sessionId: turn.sessionId, references };
      return { status: 200, errorCode: null, streamed: chunks > 0, done };
    });
  } catch (error) {
    const { appError, unexpected } = toAppError(error);
    // The HTTP answer is the tool result, so the error handler never sees this failure: log it here.
    if (unexpected) request.log.error({ err: error }, "MCP tool call failed");
    return toolError(appError, request.id);
  }
  const result = answer.value;
  if (!result) return toolError(new AppError("InternalError", "The call ended without an answer."), request.id);
  return {
    content: [{ type: "text", text: result.text }],
    structuredContent: {
      text: result.text,
      session_id: result.sessionId,
      request_id: request.id,
      ...(result.references.length > 0 ? { doc_references: result.references } : {}),
    },
  };
}

/** The tool's arguments as a completion body's `input`; nothing else of the body can be set. */
function completionBodyOf(args: Record<string, unknown> | undefined): CompletionBody {
  const a = args ?? {};
  const problems: { field: string; message: string }[] = [];
  if (typeof a.prompt !== "string" || a.prompt === "") problems.push({ field: "prompt", message: "must be a non-empty string" });
  for (const field of ["session_id", "memory_id"] as const) {
    if (a[field] !== undefined && typeof a[field] !== "string") problems.push({ field, message: "must be a string" });
  }
  const biz = a.biz_params;
  if (biz !== undefined && (biz === null || typeof biz !== "object" || Array.isArray(biz)))
    problems.push({ field: "biz_params", message: "must be an object" });
  const unknown = Object.keys(a).filter((k) => !["prompt", "session_id", "memory_id", "biz_params"].includes(k));
  for (const field of unknown) problems.push({ field, message: "is not an argument of this tool" });
  if (problems.length > 0) {
    throw new AppError("InvalidParameter", `Invalid arguments: ${problems.map((p) => `${p.field} ${p.message}`).join("; ")}`, { fields: problems });
  }
  return {
    input: {
      prompt: a.prompt as string,
      ...(typeof a.session_id === "string" && a.session_id !== "" ? { session_id: a.session_id } : {}),
      ...(typeof a.memory_id === "string" && a.memory_id !== "" ? { memory_id: a.memory_id } : {}),
      ...(biz !== undefined ? { biz_params: biz as Record<string, unknown> } : {}),
    },
  };
}

function toolError(error: AppError, requestId: string): CallToolResult {
  return {
    isError: true,
    content: [{ type: "text", text: `${error.code}: ${error.message}` }],
    structuredContent: { code: error.code, message: error.message, request_id: requestId },
  };
}

function refusedEntry(
  request: FastifyRequest,
  target: AppTool,
  context: { workspaceId: string; apiKeyId: string; keyPrefix: string },
  error: AppError,
  startedAt: number,
): CallLogEntry {
  return {
    requestId: request.id,
    appId: target.app.id,
    workspaceId: context.workspaceId,
    apiKeyId: context.apiKeyId,
    userId: null,
    source: "mcp",
    status: statusOf[error.code],
    errorCode: error.code,
    latencyMs: Date.now() - startedAt,
    inputTokens: 0,
    outputTokens: 0,
    streamed: false,
    sessionId: null,
    startedAt: new Date(startedAt).toISOString(),
    prompt: null,
    answer: null,
    clientIp: request.ip,
    keyPrefix: context.keyPrefix,
  };
}
