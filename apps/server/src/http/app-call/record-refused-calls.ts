import { type CallSource, displayPrefix } from "@appstudio/core";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Container } from "../../container.js";
import { toAppError } from "../to-app-error.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /**
     * An app call (the app API's completion, the console's test run): in the call log also when
     * refused before its handler ran, and its body is call content (a prompt, a history,
     * biz_params) whose NUL is stored as U+FFFD rather than refused.
     */
    appCall?: boolean;
  }
  interface FastifyRequest {
    /** The API key presented, once found, even if the call is then refused (wrong workspace, address). */
    presentedKey?: { id: string; prefix: string; workspaceId: string };
    /** The app a console test run was for, once the signed-in user was allowed to run it, even if the call is then refused. */
    runTarget?: { appId: string; workspaceId: string };
  }
}

/** Calls the handler recorded itself (serveAppCall); the hook below skips them. */
const recorded = new WeakSet<FastifyRequest>();
const errorCodes = new WeakMap<FastifyRequest, string>();

export const markCallRecorded = (request: FastifyRequest): void => void recorded.add(request);

const APP_ID = /^[0-9a-f]{32}$/;
const PRESENTED_KEY = /^Bearer\s+(sk-[\x21-\x7e]{8,200})\s*$/i;

/**
 * Records app calls refused before their handler ran: a bad or missing key (401), a key used
 * for another workspace or from a refused address (403), a body that is not JSON or fails
 * validation (400). Only what is known is kept: request ID, status, code, the key's display
 * prefix, the app ID when the path holds one, the workspace when the key was found, the client
 * address; never the key, never the body. They go through the call log's cap on refusals.
 */
export function recordRefusedCalls(app: FastifyInstance, container: Container, source: CallSource): void {
  app.addHook("onError", async (request, _reply, error) => {
    if (request.routeOptions.config.appCall) errorCodes.set(request, toAppError(error).appError.code);
  });
  app.addHook("onResponse", async (request, reply) => {
    if (!request.routeOptions.config.appCall || recorded.has(request) || reply.statusCode < 400) return;
    const params = (request.params ?? {}) as Record<string, unknown>;
    const appId = request.runTarget?.appId ?? [params.appId, params.app].find((v): v is string => typeof v === "string" && APP_ID.test(v)) ?? null;
    const key = request.presentedKey;
    const presented = PRESENTED_KEY.exec(request.headers.authorization ?? "")?.[1];
    const latencyMs = Math.round(reply.elapsedTime);
    container.callLog.recordRefused({
      requestId: request.id,
      appId,
      workspaceId: key?.workspaceId ?? request.runTarget?.workspaceId ?? null,
      apiKeyId: key?.id ?? null,
      userId: request.principal?.userId ?? null,
      source,
      status: reply.statusCode,
      errorCode: errorCodes.get(request) ?? null,
      latencyMs,
      inputTokens: 0,
      outputTokens: 0,
      streamed: false,
      sessionId: null,
      startedAt: new Date(Date.now() - latencyMs).toISOString(),
      prompt: null,
      answer: null,
      clientIp: request.ip,
      keyPrefix: key?.prefix ?? (presented ? displayPrefix(presented) : null),
    });
  });
}
