import { AppError, type CompletionBody, parseCompletionBody, resolveCalledApp, startAppTurn } from "@appstudio/core";
import { DashScope, ErrorBody } from "@appstudio/contracts";
import { Type } from "typebox";
import type { Container } from "../../../container.js";
import { abortOnDisconnect, type CallOutcome, respondWithTurn } from "../../app-call/respond-with-turn.js";
import { statusOf } from "../../error-table.js";
import { toAppError } from "../../to-app-error.js";
import type { TypedApp } from "../manage/types.js";
import { appTurnDeps } from "./app-turn-deps.js";

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 429: ErrorBody, 500: ErrorBody, 503: ErrorBody };

/** `POST /api/v1/apps/{APP_ID}/completion`: the DashScope app API, JSON or SSE. */
export function completionRoute(app: TypedApp, container: Container) {
  app.post(
    "/apps/:appId/completion",
    {
      schema: {
        tags: ["App API (DashScope)"],
        summary: "Call a published app (JSON, or SSE with X-DashScope-SSE: enable)",
        security: [{ apiKey: [] }],
        params: Type.Object({ appId: Type.String({ maxLength: 64 }) }),
        body: DashScope.CompletionBody,
        response: { 200: DashScope.CompletionResponse, ...errors },
      },
    },
    async (request, reply) => {
      const startedAt = new Date();
      const caller = request.apiCaller;
      let outcome: CallOutcome = { status: 500, errorCode: "InternalError", streamed: false, done: null };
      let sessionId: string | null = null;
      let appId: string | null = null;
      const parsed = (() => {
        try {
          return parseCompletionBody(request.body as CompletionBody);
        } catch (e) {
          return e as Error;
        }
      })();
      try {
        const { app: called, version } = await resolveCalledApp(container.core.repos.apps, caller, request.params.appId);
        appId = called.id;
        await enforceRateLimits(container, called.id, caller.key.id);
        if (parsed instanceof Error) throw parsed;
        const controller = abortOnDisconnect(reply);
        const turn = await startAppTurn(appTurnDeps(container), { app: called, config: version.config, request: parsed, signal: controller.signal });
        sessionId = turn.sessionId;
        outcome = await respondWithTurn(request, reply, turn, parsed);
      } catch (error) {
        const { appError } = toAppError(error);
        outcome = { status: statusOf[appError.code], errorCode: appError.code, streamed: false, done: null };
        throw error;
      } finally {
        container.callLog.record({
          requestId: request.id,
          appId,
          workspaceId: caller.workspace.id,
          apiKeyId: caller.key.id,
          userId: null,
          source: "api",
          status: outcome.status,
          errorCode: outcome.errorCode,
          latencyMs: Date.now() - startedAt.getTime(),
          inputTokens: outcome.done?.usage.reduce((n, u) => n + u.inputTokens, 0) ?? 0,
          outputTokens: outcome.done?.usage.reduce((n, u) => n + u.outputTokens, 0) ?? 0,
          streamed: outcome.streamed,
          sessionId,
          startedAt: startedAt.toISOString(),
          prompt: parsed instanceof Error ? null : parsed.prompt,
          answer: outcome.done?.text ?? null,
        });
      }
      return reply;
    },
  );
}

async function enforceRateLimits(container: Container, appId: string, keyId: string): Promise<void> {
  const [perApp, perKey] = await Promise.all([container.appLimiter.hit(`app:${appId}`), container.keyLimiter.hit(`key:${keyId}`)]);
  const blocked = [perApp, perKey].find((r) => !r.allowed);
  if (blocked) {
    throw new AppError("Throttling.RateQuota", "Requests rate limit exceeded, please try again later.", {
      retryAfterSeconds: Math.ceil(blocked.retryAfterMs / 1000),
    });
  }
}
