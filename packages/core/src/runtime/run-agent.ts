import type { AgentConfig, HttpTool } from "../apps/app-types.js";
import type { McpAccess } from "../mcp/mcp-access.js";
import { type McpToolset, openMcpToolset } from "../mcp/mcp-toolset.js";
import type { ChatMessage, ChatRequest, ModelProvider, ModelRouter, ResolvedModel, TokenUsage, ToolCall, ToolDefinition } from "../ports/model-provider.js";
import type { ToolHttpClient } from "../ports/tool-http-client.js";
import { prepareAgentContext, type RecalledMemory, withContext } from "./agent-context.js";
import type { AgentCallParameters, AgentEvent, AgentThought, BizParams, ModelUsage, RagOptions } from "./agent-events.js";
import { buildMessages, type ConversationMessage } from "./build-messages.js";
import { executeTool, parseArguments } from "./execute-tool.js";
import { renderInstructions } from "./render-instructions.js";
import { citedSources, type KnowledgeAccess } from "./retrieve-knowledge.js";

/**
 * Model calls that may request tools. After that many, one last call runs with
 * `toolChoice: "none"` so the user gets an answer built from what the tools returned, instead
 * of an error that throws that work away. If the model still asks for tools then, those calls
 * are ignored and the run ends with the text produced so far.
 */
export const MAX_TOOL_ROUNDS = 5;

/** `action_name` DashScope uses for reasoning thoughts; clients may key on it. */
const REASONING_ACTION_NAME = "思考过程";

export interface RunAgentInput {
  config: AgentConfig;
  /** A provider used as-is, or a router asked for the (possibly overridden) model ID. */
  models: ModelProvider | ModelRouter;
  /** This turn's user text. */
  prompt: string;
  /** Earlier messages, oldest first (session history or caller `input.messages`); trimmed to `config.dialogRounds`. */
  history?: ConversationMessage[];
  imageList?: string[];
  bizParams?: BizParams;
  parameters?: AgentCallParameters;
  /** Required when `config.tools` is not empty. */
  toolClient?: ToolHttpClient;
  /** Abort on client disconnect: ends the run and the upstream model request at once. */
  signal?: AbortSignal;
  workspaceId?: string;
  /** `parameters.rag_options` of the call. */
  ragOptions?: RagOptions;
  /** Needed when the agent has knowledge settings or the call sends `rag_options.pipeline_ids`. */
  knowledge?: KnowledgeAccess;
  /** Needed when the agent attaches MCP services or the call sends `mcp_servers`. */
  mcp?: McpAccess;
  /** `parameters.mcp_servers`: more MCP services of the workspace for this call (IDs or names). */
  mcpServers?: string[];
  /** Long-term memory recalled for this turn. */
  memory?: RecalledMemory;
  /** Non-fatal problems (a knowledge base the app names was deleted), for the log. */
  onWarning?: (message: string, details: Record<string, unknown>) => void;
}

/**
 * Runs an agent app turn: knowledge is retrieved (and memory, recalled by the caller, added) into
 * the system prompt; instructions + trimmed history + prompt go to the model; HTTP tools the
 * model calls are executed and fed back, up to {@link MAX_TOOL_ROUNDS} times.
 *
 * Stopping iteration early (`break`, `return()`) or aborting `signal` aborts the upstream
 * request. Abort `signal` as well as stopping iteration when the client goes away: `return()`
 * only takes effect once the generator reaches its next `yield`, a signal acts at once.
 *
 * Throws `AppError` (`ModelNotConfigured`, and the provider codes) or the abort reason.
 */
export async function* runAgent(input: RunAgentInput): AsyncGenerator<AgentEvent, void, undefined> {
  const { config } = input;
  const params = input.parameters ?? {};
  const hasThoughts = params.hasThoughts === true;
  const modelId = params.modelId ?? config.model;
  const tools = config.tools;
  if (tools.length > 0 && !input.toolClient) throw new Error("runAgent: toolClient is required when the agent has tools");

  // The caller's signal is passed down as it is: a run that stops early has nothing of its own in
  // flight (it is suspended at a `yield`), and the model stream it was reading cancels its
  // request when closed. (A controller of the run's own cost two abort signals per app call.)
  const signal = input.signal ?? NEVER_ABORTED;
  signal.throwIfAborted();
  let mcp: McpToolset | undefined;
  try {
    const context = await prepareAgentContext(input, signal);
    // Before anything is sent: a foreign service in `mcp_servers` is still a plain 400.
    mcp = await openMcpToolset({
      access: input.mcp,
      workspaceId: input.workspaceId,
      attached: config.mcpServices ?? [],
      requested: input.mcpServers ?? [],
      takenNames: tools.map((t) => t.name),
      signal,
      ...(input.onWarning ? { onWarning: input.onWarning } : {}),
    });
    const thoughts: AgentThought[] = [];
    if (hasThoughts) {
      for (const thought of [...context.thoughts, ...mcp.problems.map(unreachableServiceThought)]) {
        thoughts.push(thought);
        yield { type: "thought", thought };
      }
    }
    for (const problem of mcp.problems) input.onWarning?.("an MCP service could not be reached; its tools were left out", { ...problem });
    if (context.sources.length > 0) yield { type: "sources", sources: context.sources };
    if (context.fixedReply !== undefined) {
      // Nothing matched and the app says so in its own words: no model call, no tokens.
      yield { type: "text", delta: context.fixedReply };
      yield { type: "done", text: context.fixedReply, finishReason: "stop", usage: [], thoughts, references: [] };
      return;
    }

    const resolved = await resolveModel(input.models, modelId, input.workspaceId);
    const messages = buildMessages({
      instructions: withContext(renderInstructions(config.instructions, input.bizParams?.user_prompt_params), context),
      history: input.history ?? [],
      prompt: input.prompt,
      dialogRounds: config.dialogRounds,
      ...(input.imageList ? { imageList: input.imageList } : {}),
    });
    const toolDefs: ToolDefinition[] = [...tools.map((t) => ({ name: t.name, description: t.description, parameters: t.parameters })), ...mcp.definitions];
    const toolset = mcp;

    let text = "";
    const usage: TokenUsage = { inputTokens: 0, outputTokens: 0 };
    let finishReason: "stop" | "length" = "stop";

    for (let round = 0; ; round++) {
      const toolsAllowed = round < MAX_TOOL_ROUNDS;
      const req = chatRequest(config, params, resolved.upstreamModel, messages, signal);
      if (toolDefs.length > 0) {
        req.tools = toolDefs;
        req.toolChoice = toolsAllowed ? "auto" : "none";
      }

      let roundText = "";
      let reasoning = "";
      const calls: ToolCall[] = [];
      for await (const chunk of resolved.provider.stream(req)) {
        if (chunk.type === "text") {
          roundText += chunk.delta;
          yield chunk;
        } else if (chunk.type === "reasoning") {
          reasoning += chunk.delta;
          if (hasThoughts) yield chunk;
        } else if (chunk.type === "tool_call") {
          calls.push(chunk.call);
        } else {
          usage.inputTokens += chunk.usage.inputTokens;
          usage.outputTokens += chunk.usage.outputTokens;
          finishReason = chunk.finishReason === "length" ? "length" : "stop";
        }
      }
      text += roundText;
      if (hasThoughts && reasoning !== "") {
        thoughts.push({ actionType: "reasoning", action: "reasoning", actionName: REASONING_ACTION_NAME, thought: reasoning });
      }
      if (calls.length === 0 || toolDefs.length === 0 || !toolsAllowed) break;

      messages.push({ role: "assistant", content: roundText, toolCalls: calls });
      const results = await Promise.all(calls.map((call) => runToolCall(call, tools, toolset, input.bizParams, input.toolClient, signal)));
      for (const { call, thought, observation } of results) {
        messages.push({ role: "tool", toolCallId: call.id, content: observation });
        if (hasThoughts) {
          thoughts.push(thought);
          yield { type: "tool_call", thought };
        }
      }
    }

    const models: ModelUsage[] = [{ modelId, inputTokens: usage.inputTokens, outputTokens: usage.outputTokens }];
    yield { type: "done", text, finishReason, usage: models, thoughts, references: citedSources(text, context.sources, "all") };
  } finally {
    await mcp?.close();
  }
}

/** The signal of a run nobody can cancel (no caller signal given). */
const NEVER_ABORTED = new AbortController().signal;

async function resolveModel(models: ModelProvider | ModelRouter, modelId: string, workspaceId: string | undefined): Promise<ResolvedModel> {
  if ("resolve" in models) return models.resolve(modelId, workspaceId === undefined ? {} : { workspaceId });
  return { provider: models, upstreamModel: modelId };
}

/** Per-call parameters win over the app's; unset ones are left out so the upstream default applies. */
function chatRequest(config: AgentConfig, params: AgentCallParameters, model: string, messages: ChatMessage[], signal: AbortSignal): ChatRequest {
  const req: ChatRequest = { model, messages, signal };
  const temperature = params.temperature ?? config.temperature;
  const topP = params.topP ?? config.topP;
  const topK = params.topK ?? config.topK;
  const maxTokens = params.maxTokens ?? config.maxTokens;
  const seed = params.seed ?? config.seed;
  const enableThinking = params.enableThinking ?? config.enableThinking;
  if (temperature !== undefined) req.temperature = temperature;
  if (topP !== undefined) req.topP = topP;
  if (topK !== undefined) req.topK = topK;
  if (maxTokens !== undefined) req.maxTokens = maxTokens;
  if (seed !== undefined) req.seed = seed;
  if (enableThinking !== undefined) req.enableThinking = enableThinking;
  return req;
}

async function runToolCall(
  call: ToolCall,
  tools: HttpTool[],
  mcp: McpToolset,
  bizParams: BizParams | undefined,
  client: ToolHttpClient | undefined,
  signal: AbortSignal,
): Promise<{ call: ToolCall; thought: AgentThought; observation: string }> {
  const tool = tools.find((t) => t.name === call.name);
  const passThrough = bizParams?.user_defined_params?.[call.name];
  const execution =
    tool && client
      ? await executeTool(tool, call.arguments, passThrough, client, signal)
      : mcp.has(call.name)
        ? await callMcpTool(mcp, call, passThrough, signal)
        : { input: {}, observation: `Error: there is no tool named '${call.name}'.`, ok: false };
  const args = JSON.stringify(execution.input);
  return {
    call,
    observation: execution.observation,
    thought: {
      actionType: "api",
      action: call.name,
      actionName: call.name,
      arguments: args,
      actionInput: execution.input,
      observation: execution.observation,
    },
  };
}

/** An MCP tool call, with the same argument rules as HTTP tools (pass-through values win). */
async function callMcpTool(mcp: McpToolset, call: ToolCall, passThrough: Record<string, unknown> | undefined, signal: AbortSignal) {
  const parsed = parseArguments(call.arguments);
  if (typeof parsed === "string") return { input: {}, observation: parsed, ok: false };
  return mcp.call(call.name, { ...parsed, ...(passThrough ?? {}) }, signal);
}

/** A service the turn could not reach, shown like a failed tool call. */
function unreachableServiceThought(problem: { service: string; error: string }): AgentThought {
  const observation = `Error: MCP service '${problem.service}' could not be reached, so its tools were not offered: ${problem.error}`;
  return { actionType: "api", action: problem.service, actionName: problem.service, arguments: "{}", actionInput: {}, observation };
}
