import type { AgentConfig, App, AppConfig, WorkflowGraph } from "../apps/app-types.js";
import { newRequestId, newSessionId } from "../ids.js";
import type { McpAccess } from "../mcp/mcp-access.js";
import type { Clock } from "../ports/clock.js";
import type { ModelRouter } from "../ports/model-provider.js";
import type { AppRepository, ConversationRepository, MemoryRepository, WorkflowRunRepository } from "../ports/repositories.js";
import type { ScriptSandbox } from "../ports/script-sandbox.js";
import type { ToolHttpClient } from "../ports/tool-http-client.js";
import type { AgentEvent } from "../runtime/agent-events.js";
import type { ConversationMessage } from "../runtime/build-messages.js";
import { passThrough } from "../runtime/pass-through.js";
import type { KnowledgeAccess } from "../runtime/retrieve-knowledge.js";
import { runAgent } from "../runtime/run-agent.js";
import { startWorkflowRun } from "../workflows/run-workflow.js";
import type { WorkflowEvent } from "../workflows/workflow-types.js";
import type { CompletionRequest } from "./completion-request.js";
import { recallForTurn, rememberAfterTurn } from "./turn-memory.js";

export interface AppTurnDeps {
  conversations: ConversationRepository;
  models: ModelRouter;
  toolClient: ToolHttpClient;
  clock: Clock;
  sessionIdleSeconds: number;
  sessionMaxRounds: number;
  /** Workflow Script nodes. */
  sandbox?: ScriptSandbox;
  /** Where workflow runs are recorded. */
  workflowRuns?: WorkflowRunRepository;
  /** Workflow App component nodes look up the apps they call here. */
  apps?: AppRepository;
  onPersistError?: (error: unknown) => void;
  /** Deepest nesting a workflow node's outputs may have (default DEFAULT_MAX_JSON_DEPTH). */
  maxJsonDepth?: number;
  /** Knowledge retrieval for agents (and workflow Knowledge Retrieval nodes). */
  knowledge?: KnowledgeAccess;
  /** MCP services of the app's workspace (agents that attach them, `mcp_servers`, workflow MCP nodes). */
  mcp?: McpAccess;
  /** Long-term memory stores (`input.memory_id`). */
  memories?: MemoryRepository;
  /** Non-fatal problems of a turn, for the log. */
  onWarning?: (message: string, details: Record<string, unknown>) => void;
  /** Memory extraction runs after the response; its failures land here. */
  onBackgroundError?: (error: unknown) => void;
  /** Work that outlives the response (memory extraction), so shutdown can wait for it. */
  trackBackground?: (task: Promise<unknown>) => void;
}

/** Which request started the turn, for the workflow run record (and its link to the call log). */
export interface TurnOrigin {
  requestId: string;
  source: "api" | "console";
  /** Published version that runs; null for a draft. */
  appVersion: number | null;
}

interface TurnBase {
  /** Returned in every response, also when the caller sent none. */
  sessionId: string;
}

/** A turn's events; the session's history is saved when the run completes. */
export type AppTurn =
  | (TurnBase & { kind: "agent"; events: AsyncIterableIterator<AgentEvent> })
  | (TurnBase & { kind: "workflow"; runId: string; events: AsyncIterableIterator<WorkflowEvent> });

/**
 * One turn of an app, whoever called it (API key or console). History comes from the
 * caller's `messages`, else from the server-kept session; a successful turn is saved to the
 * session so the next call can continue it with `session_id`.
 */
export async function startAppTurn(
  deps: AppTurnDeps,
  input: { app: App; config: AppConfig; request: CompletionRequest; signal: AbortSignal; origin?: TurnOrigin },
): Promise<AppTurn> {
  const { app, request } = input;
  if (app.type === "workflow") return startWorkflowTurn(deps, { ...input, graph: input.config as WorkflowGraph });
  const config = input.config as AgentConfig;
  const recalled = await recallForTurn(deps, app, config, request);
  const { sessionId, history } = await openSession(deps, app, request);
  const events = runAgent({
    config,
    models: deps.models,
    prompt: request.prompt,
    history: withSystemMessages(request, history),
    imageList: request.imageList,
    bizParams: request.bizParams,
    parameters: { ...request.overrides, hasThoughts: request.hasThoughts },
    toolClient: deps.toolClient,
    signal: input.signal,
    workspaceId: app.workspaceId,
    ...(request.ragOptions ? { ragOptions: request.ragOptions } : {}),
    ...(deps.knowledge ? { knowledge: deps.knowledge } : {}),
    ...(deps.mcp ? { mcp: deps.mcp } : {}),
    ...(request.mcpServers.length > 0 ? { mcpServers: request.mcpServers } : {}),
    ...(recalled ? { memory: recalled } : {}),
    ...(deps.onWarning ? { onWarning: deps.onWarning } : {}),
  });
  const saved = request.keepSession === false ? events : saveOnCompletion(deps, app, sessionId, request.prompt, events);
  return { kind: "agent", sessionId, events: recalled ? rememberAfterTurn(deps, { config, request, step: recalled }, saved) : saved };
}

/**
 * Task workflows are single-shot: no history, a fresh session ID each time. Dialog workflows
 * keep history like agents (caller `messages`, else the session), exposed as Start's `historyList`.
 */
async function startWorkflowTurn(
  deps: AppTurnDeps,
  input: { app: App; graph: WorkflowGraph; request: CompletionRequest; signal: AbortSignal; origin?: TurnOrigin },
): Promise<AppTurn> {
  const { app, request } = input;
  const dialog = input.graph.kind === "dialog";
  const { sessionId, history } = dialog ? await openSession(deps, app, request) : { sessionId: newSessionId(), history: [] };
  const started = startWorkflowRun(
    {
      models: deps.models,
      toolClient: deps.toolClient,
      clock: deps.clock,
      sandbox: deps.sandbox,
      runs: deps.workflowRuns,
      apps: deps.apps,
      onPersistError: deps.onPersistError,
      maxJsonDepth: deps.maxJsonDepth,
      knowledge: deps.knowledge,
      mcp: deps.mcp,
    },
    {
      graph: input.graph,
      call: {
        appId: app.id,
        workspaceId: app.workspaceId,
        prompt: request.prompt,
        history,
        imageList: request.imageList,
        bizParams: request.bizParams,
        parameters: request.overrides,
      },
      signal: input.signal,
      record: {
        requestId: input.origin?.requestId ?? newRequestId(),
        source: input.origin?.source ?? "api",
        appVersion: input.origin?.appVersion ?? app.publishedVersion,
        sessionId,
      },
    },
  );
  const events = dialog && request.keepSession !== false ? saveOnCompletion(deps, app, sessionId, request.prompt, started.events) : started.events;
  return { kind: "workflow", sessionId, runId: started.runId, events };
}

/**
 * The session a turn continues, and its history. Caller `messages` win (a fresh session ID).
 * A `session_id` continues only a conversation of this app and workspace; the owner's expired
 * one starts afresh under the same ID. An unknown ID, or one of another app or workspace,
 * gets a NEW ID: session IDs are only ever minted here, so a replayed foreign ID can neither
 * read nor overwrite its owner's conversation.
 */
async function openSession(deps: AppTurnDeps, app: App, request: CompletionRequest): Promise<{ sessionId: string; history: ConversationMessage[] }> {
  if (request.callerHistory !== null) return { sessionId: newSessionId(), history: request.callerHistory };
  if (!request.sessionId) return { sessionId: newSessionId(), history: [] };
  const session = await deps.conversations.find(request.sessionId);
  if (!session || session.appId !== app.id || session.workspaceId !== app.workspaceId) return { sessionId: newSessionId(), history: [] };
  if (session.expiresAt <= deps.clock.now().toISOString()) return { sessionId: session.id, history: [] };
  const history = session.rounds.flatMap((r) => [
    { role: "user" as const, content: r.user },
    { role: "assistant" as const, content: r.assistant },
  ]);
  return { sessionId: session.id, history };
}

/** This turn's own system messages go first: `buildMessages` keeps every system message and never trims them. */
function withSystemMessages(request: CompletionRequest, history: ConversationMessage[]): ConversationMessage[] {
  if (!request.systemMessages?.length) return history;
  return [...request.systemMessages.map((content) => ({ role: "system" as const, content })), ...history];
}

/** Saves the round to the session when the run's `done` event passes, before the caller sees it. */
function saveOnCompletion<E extends AgentEvent | WorkflowEvent>(
  deps: AppTurnDeps,
  app: App,
  sessionId: string,
  prompt: string,
  events: AsyncIterator<E>,
): AsyncIterableIterator<E> {
  return passThrough(events, {
    // Only `done` waits (for the save); every other event passes at once.
    each(event) {
      if (event.type !== "done") return event;
      const now = deps.clock.now();
      return deps.conversations
        .appendRound(
          { id: sessionId, appId: app.id, workspaceId: app.workspaceId },
          { user: prompt, assistant: event.text },
          { maxRounds: deps.sessionMaxRounds, now: now.toISOString(), expiresAt: new Date(now.getTime() + deps.sessionIdleSeconds * 1000).toISOString() },
        )
        .then(() => event);
    },
  });
}
