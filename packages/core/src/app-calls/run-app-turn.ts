import type { AgentConfig, App, AppConfig } from "../apps/app-types.js";
import type { ConversationRepository } from "../conversations/conversation-types.js";
import { AppError } from "../errors.js";
import { newSessionId } from "../ids.js";
import type { Clock } from "../ports/clock.js";
import type { ModelRouter } from "../ports/model-provider.js";
import type { ToolHttpClient } from "../ports/tool-http-client.js";
import type { AgentEvent } from "../runtime/agent-events.js";
import type { ConversationMessage } from "../runtime/build-messages.js";
import { runAgent } from "../runtime/run-agent.js";
import type { CompletionRequest } from "./completion-request.js";

export interface AppTurnDeps {
  conversations: ConversationRepository;
  models: ModelRouter;
  toolClient: ToolHttpClient;
  clock: Clock;
  sessionIdleSeconds: number;
  sessionMaxRounds: number;
}

export interface AppTurn {
  /** Returned in every response, also when the caller sent none. */
  sessionId: string;
  /** Events of the run; the session's history is saved when the run completes. */
  events: AsyncGenerator<AgentEvent, void, undefined>;
}

/**
 * One turn of an app, whoever called it (API key or console). History comes from the
 * caller's `messages`, else from the server-kept session; a successful turn is saved to the
 * session so the next call can continue it with `session_id`.
 */
export async function startAppTurn(
  deps: AppTurnDeps,
  input: { app: App; config: AppConfig; request: CompletionRequest; signal: AbortSignal },
): Promise<AppTurn> {
  const { app, request } = input;
  if (app.type === "workflow") {
    throw new AppError("AppProcessFailed", "Workflow apps cannot run yet: this version of appstudio stores workflow graphs but has no workflow engine.");
  }
  const now = deps.clock.now();
  const sessionId = request.callerHistory === null && request.sessionId ? request.sessionId : newSessionId();
  const history = request.callerHistory ?? (await sessionHistory(deps, app, sessionId, now.toISOString()));
  const events = runAgent({
    config: input.config as AgentConfig,
    models: deps.models,
    prompt: request.prompt,
    history,
    imageList: request.imageList,
    bizParams: request.bizParams,
    parameters: { ...request.overrides, hasThoughts: request.hasThoughts },
    toolClient: deps.toolClient,
    signal: input.signal,
    workspaceId: app.workspaceId,
  });
  return { sessionId, events: saveOnCompletion(deps, app, sessionId, request.prompt, events) };
}

async function sessionHistory(deps: AppTurnDeps, app: App, sessionId: string, now: string): Promise<ConversationMessage[]> {
  const session = await deps.conversations.find(sessionId);
  // An expired session, or one of another app or workspace, starts afresh under the same ID.
  if (!session || session.expiresAt <= now || session.appId !== app.id || session.workspaceId !== app.workspaceId) return [];
  return session.rounds.flatMap((r) => [
    { role: "user" as const, content: r.user },
    { role: "assistant" as const, content: r.assistant },
  ]);
}

async function* saveOnCompletion(
  deps: AppTurnDeps,
  app: App,
  sessionId: string,
  prompt: string,
  events: AsyncGenerator<AgentEvent, void, undefined>,
): AsyncGenerator<AgentEvent, void, undefined> {
  for await (const event of events) {
    if (event.type === "done") {
      const now = deps.clock.now();
      await deps.conversations.appendRound(
        { id: sessionId, appId: app.id, workspaceId: app.workspaceId },
        { user: prompt, assistant: event.text },
        { maxRounds: deps.sessionMaxRounds, now: now.toISOString(), expiresAt: new Date(now.getTime() + deps.sessionIdleSeconds * 1000).toISOString() },
      );
    }
    yield event;
  }
}
