import { type App, type AppConfig, AppError, type AppTurn, type CallLogEntry, type CallSource, type CompletionRequest, startAppTurn } from "@appstudio/core";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Container } from "../../container.js";
import { requestSpan } from "../../observability/observe-http.js";
import { endSpan, type TraceSpan } from "../../observability/tracing.js";
import { statusOf } from "../error-table.js";
import { toAppError } from "../to-app-error.js";
import { CLIENT_CLOSED, clientGone, errorForCaller } from "./failed-call.js";
import { markCallRecorded } from "./record-refused-calls.js";
import { abortOnDisconnect, respondWithTurn } from "./respond-with-turn.js";
import type { CallOutcome } from "./stream-turn.js";

export interface CallContext {
  source: CallSource;
  workspaceId: string;
  apiKeyId: string | null;
  /** Display prefix of the API key (null for console runs). */
  keyPrefix: string | null;
  userId: string | null;
}

/** What a call runs, once its route has decided the caller, the app and the input. */
export interface PreparedCall {
  app: App;
  config: AppConfig;
  parsed: CompletionRequest;
  /** The version that runs: null for the draft, absent for the app's published version. */
  version?: number | null;
}

/** Answers a started turn in one surface's wire format (DashScope's by default, the OpenAI-compatible encoders). */
export type RespondToTurn = (
  request: FastifyRequest,
  reply: FastifyReply,
  turn: AppTurn,
  parsed: CompletionRequest,
  source: CallSource,
) => Promise<CallOutcome>;

/**
 * Runs a prepared call (the turn, then its answer as JSON or SSE) and records it in the call log,
 * whatever the outcome. A call refused before it got here is logged by `recordRefusedCalls`.
 */
export async function serveAppCall(
  container: Container,
  request: FastifyRequest,
  reply: FastifyReply,
  context: CallContext,
  call: PreparedCall,
  respond: RespondToTurn = respondWithTurn,
): Promise<FastifyReply> {
  const startedAt = new Date();
  let outcome: CallOutcome = { status: 500, errorCode: "InternalError", streamed: false, done: null };
  let sessionId: string | null = null;
  let ran = false;
  markCallRecorded(request);
  const { app, config, parsed, version } = call;
  const { tracing } = container.observability;
  const turnSpan = tracing.enabled
    ? tracing.startChild(requestSpan(request), "app.turn", {
        "appstudio.app.id": app.id,
        "appstudio.app.type": app.type,
        "appstudio.workspace.id": context.workspaceId,
        "appstudio.request_id": request.id,
      })
    : undefined;
  // Ends with the client, or at the end of a shutdown's grace period (a final ServiceUnavailable).
  const controller = abortOnDisconnect(reply);
  const untrack = container.lifecycle.endsWithGrace(controller);
  try {
    // Workflow runs tell API calls (any surface) from console test runs.
    const runSource = context.source === "console" ? "console" : "api";
    const origin = { requestId: request.id, source: runSource, appVersion: version === undefined ? app.publishedVersion : version } as const;
    const turn = await startAppTurn(appTurnDeps(container, request, turnSpan), { app, config, request: parsed, signal: controller.signal, origin });
    sessionId = turn.sessionId;
    ran = true;
    outcome = await respond(request, reply, turn, parsed, context.source);
    return reply;
  } catch (error) {
    if (clientGone(reply)) {
      // Nobody is left to answer: not a server failure, and no error-level line.
      outcome = { ...CLIENT_CLOSED, streamed: false, done: null };
      reply.code(CLIENT_CLOSED.status);
      request.log.info({ res: reply }, "request closed by the client before the answer");
      return reply.send();
    }
    const { appError } = toAppError(error);
    outcome = { status: statusOf[appError.code], errorCode: appError.code, streamed: false, done: null };
    throw error instanceof AppError ? errorForCaller(error, context.source) : error;
  } finally {
    untrack();
    const usage = outcome.done?.usage ?? [];
    // A call refused before its turn started (a knowledge base or memory it may not use...) goes through the cap on refusals.
    const entry: CallLogEntry = {
      requestId: request.id,
      appId: app.id,
      workspaceId: context.workspaceId,
      apiKeyId: context.apiKeyId,
      userId: context.userId,
      source: context.source,
      status: outcome.status,
      errorCode: outcome.errorCode,
      latencyMs: Date.now() - startedAt.getTime(),
      inputTokens: usage.reduce((n, u) => n + u.inputTokens, 0),
      outputTokens: usage.reduce((n, u) => n + u.outputTokens, 0),
      streamed: outcome.streamed,
      sessionId,
      startedAt: startedAt.toISOString(),
      prompt: parsed.prompt,
      answer: outcome.done?.text ?? null,
      clientIp: request.ip,
      keyPrefix: context.keyPrefix,
    };
    if (ran) container.callLog.record(entry);
    else container.callLog.recordRefused(entry);
    endSpan(turnSpan, outcome.errorCode ?? undefined);
  }
}

/** What a turn needs from the container; the request only gives its logger. Spans of the turn go below `turnSpan`. */
export function appTurnDeps(container: Container, request: Pick<FastifyRequest, "log">, turnSpan?: TraceSpan) {
  const observed = container.observability.turnPorts(container, turnSpan);
  return {
    conversations: container.core.repos.conversations,
    models: observed.models,
    toolClient: observed.toolClient,
    clock: container.core.clock,
    sessionIdleSeconds: container.config.sessionIdleSeconds,
    sessionMaxRounds: container.config.sessionMaxRounds,
    sandbox: container.sandbox,
    workflowRuns: observed.workflowRuns,
    apps: container.core.repos.apps,
    onPersistError: (err: unknown) => request.log.error({ err }, "could not record a workflow run"),
    maxJsonDepth: container.config.maxJsonDepth,
    knowledge: { retriever: observed.retriever, knowledgeBases: container.core.repos.knowledgeBases },
    memories: container.core.repos.memories,
    mcp: container.mcpAccess,
    onWarning: (message: string, details: Record<string, unknown>) => request.log.warn(details, message),
    onBackgroundError: (err: unknown) => request.log.error({ err }, "could not update long-term memory after the turn"),
    trackBackground: (task: Promise<unknown>) => container.background.track(task),
  };
}
